// A set of simulations: θ rows, their x rows, what simulating them cost, and (--restrict) the
// restricted prior the rows after the first batch were drawn from.
#pragma once
#include "core/tensor.hpp"
#include "simulators/prior.hpp"

namespace sbi::sim {

struct SimulationSet {
  MatrixD theta, x;
  double seconds = 0;        // wall-clock seconds this job spent simulating them (0 if read back)
  double seconds_saved = 0;  // a set read back: what simulating these rows took when it was saved
  // Simulated with --restrict: p̃_R, which the methods trained on these rows use as their prior
  // (posteriors stay in its region; model files save it). Null: the task's prior.
  PriorPtr restricted_prior;
};

}  // namespace sbi::sim
