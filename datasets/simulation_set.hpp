// A set of simulations: θ rows, their x rows, and what simulating them cost.
#pragma once
#include "core/tensor.hpp"

namespace sbi::sim {

struct SimulationSet {
  MatrixD theta, x;
  double seconds = 0;        // wall-clock seconds this job spent simulating them (0 if read back)
  double seconds_saved = 0;  // a set read back: what simulating these rows took when it was saved
};

}  // namespace sbi::sim
