// Misspecified observations for the ACE tasks (TASKS.md):
//   take a prior-predictive x; repeatedly add s_d·0.5·sd_d to every dimension d, with a fresh
//   random sign s_d = ±1 per dimension and step, until some dimension leaves the [min, max]
//   range of the reference prior-predictive simulations (100,000 by default).
// Tasks with their own recipe (gaussian_mixture_trials: outlier trials) set
// Task::misspecified_observation, which make_misspecified_observation uses instead.
#pragma once
#include <cstdint>

#include "simulators/task.hpp"

namespace sbi::sim {

// Per-dimension sd, min and max of prior-predictive simulations (non-finite rows dropped).
struct PredictiveRange {
  RowVectorD sd, min, max;
  Index used = 0;  // finite simulations
};
PredictiveRange prior_predictive_range(const Task& task, Index num_simulations, std::uint64_t seed);

// The shift loop above applied to x (uses rng for the signs); gives up after max_steps.
RowVectorD push_outside_range(RowVectorD x, const PredictiveRange& range, Rng& rng, int max_steps = 100000);

// A misspecified observation for `seed` (deterministic in seed).
RowVectorD make_misspecified_observation(const Task& task, std::uint64_t seed, Index num_range_simulations = 100000);

}  // namespace sbi::sim
