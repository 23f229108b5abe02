// Exact rejection sampling, one independent stream per sample: sample i repeats
//   θ ~ q(θ) (propose), u ~ U(0, 1), accept when log u < log_accept(θ)
// with its own Rng(seed, i), so results do not depend on the thread count. log_accept(θ) must be
// log[p(θ)/(M q(θ))] ≤ 0 for the target p; -inf rejects (e.g. outside the prior support).
// Throws ValueError when one sample needs more than max_attempts proposals.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "core/rng.hpp"
#include "core/tensor.hpp"

namespace sbi::sim {

struct RejectionProblem {
  Index dim = 0;
  std::function<void(double* theta, Rng& rng)> propose;
  std::function<double(const double* theta)> log_accept;
  std::int64_t max_attempts = 100'000'000;
  std::string what = "rejection sampler";  // for error messages
};

MatrixD rejection_sample(const RejectionProblem& problem, Index n, std::uint64_t seed);

}  // namespace sbi::sim
