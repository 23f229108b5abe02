// Reference posteriors for any task with a tractable likelihood: the task's own exact sampler
// when it has one (analytic, inversion, rejection), otherwise long MCMC runs on
//   log p(θ | x_o) = log p(x_o | θ) + log p(θ) + const
// with the batched slice sampler in the prior's unconstrained space: many chains started by
// sampling-importance-resampling of prior draws (which finds every mode of, e.g., slcp), a long
// warm-up, and thinning. Lives in inference/ because it joins simulators/ and mcmc/.
#pragma once
#include <cstdint>
#include <functional>

#include "inference/mcmc_posterior.hpp"
#include "simulators/task.hpp"

namespace sbi::inference {

struct ReferenceMcmcSettings {
  Index num_chains = 200;
  Index warmup_steps = 1000;
  Index thin = 5;
  Index init_candidates = 100000;
  // Called before each MCMC step with (steps done, total) when the likelihood route runs (it
  // can take minutes, e.g. sir): a progress bar. Never influences the draws.
  std::function<void(Index done, Index total)> on_step;
};

// n reference draws for x_o. Throws NotFoundError when the task has neither an exact sampler
// nor a likelihood.
MatrixD reference_posterior(const sim::Task& task, const RowVectorD& x_o, Index n, std::uint64_t seed,
                            const ReferenceMcmcSettings& settings = {});

}  // namespace sbi::inference
