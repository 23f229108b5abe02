// Reference posteriors for any task with a tractable likelihood: the task's own exact sampler
// when it has one (analytic, inversion, rejection), otherwise long MCMC runs on
//   log p(θ | x_o) = log p(x_o | θ) + log p(θ) + const
// with the batched slice sampler in the prior's unconstrained space: many chains started by
// sampling-importance-resampling of prior draws (which finds every mode of, e.g., slcp), a long
// warm-up, and thinning. Lives in inference/ because it joins simulators/ and mcmc/.
#pragma once
#include <cstdint>

#include "inference/mcmc_posterior.hpp"
#include "simulators/task.hpp"

namespace sbi::inference {

// The MCMC settings of the likelihood route: 200 slice chains, 1,000 warm-up steps, thin 5,
// starts resampled from 100,000 prior draws (set on_step for a progress bar: it can take minutes).
McmcSettings reference_mcmc_settings();

// n reference draws for x_o. Throws NotFoundError when the task has neither an exact sampler
// nor a likelihood.
MatrixD reference_posterior(const sim::Task& task, const RowVectorD& x_o, Index n, std::uint64_t seed,
                            const McmcSettings& settings = reference_mcmc_settings());

}  // namespace sbi::inference
