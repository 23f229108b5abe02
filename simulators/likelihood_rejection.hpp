// Reference posteriors by rejection from the prior with a likelihood bound:
//   propose θ ~ p(θ), accept with probability exp(ℓ(θ) - log M), ℓ(θ) = log p(x_o | θ),
// which is exact when log M ≥ max_θ ℓ(θ). log M is found numerically: ℓ at 20,000 prior draws,
// Nelder–Mead from the 8 best in unconstrained coordinates, plus a 0.05-nat margin. If a
// proposal ever exceeds the bound the result would be inexact, so this throws ValueError.
// Each sample uses its own stream Rng(seed, i) (thread-count independent).
#pragma once
#include <cstdint>
#include <string>

#include "simulators/prior.hpp"
#include "simulators/task.hpp"

namespace sbi::sim {

// The numerically found max_θ ℓ(θ) over the prior support.
double maximise_log_likelihood(const Prior& prior, const Task::ThetaObsFn& log_likelihood, const RowVectorD& x_o,
                               std::uint64_t seed);

MatrixD likelihood_rejection_sample(const Prior& prior, const Task::ThetaObsFn& log_likelihood,
                                    const RowVectorD& x_o, Index n, std::uint64_t seed, const std::string& what);

}  // namespace sbi::sim
