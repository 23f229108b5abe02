// Posterior-predictive checks: simulate x_i ~ p(x | θ_i) for posterior draws θ_i and compare
// with the observation.
//   sbibm's "median distance":  median_i ‖x_i - x_o‖₂
//   ACE's predictive distance:  mean_i d(x_i, x_o) with the task's distance d (e.g. MSE)
#pragma once
#include <cstdint>
#include <functional>

#include "core/tensor.hpp"
#include "simulators/simulator.hpp"

namespace sbi::diagnostics {

struct PredictiveSummary {
  double median_l2 = 0;       // median ‖x_i - x_o‖₂ over finite simulations
  double mean_distance = 0;   // mean d(x_i, x_o) (the given distance; L2 when none)
  Index num_simulations = 0;
  Index num_nonfinite = 0;    // simulations dropped because x was not finite
};

using ObservationDistance = std::function<VectorD(const MatrixD& x, const RowVectorD& x_o)>;

// Simulates once per row of theta (row i uses Rng(seed, i)) and summarises the distances.
PredictiveSummary posterior_predictive(const sim::Simulator& simulator, const MatrixD& theta,
                                       const RowVectorD& x_o, std::uint64_t seed,
                                       const ObservationDistance& distance = {});

}  // namespace sbi::diagnostics
