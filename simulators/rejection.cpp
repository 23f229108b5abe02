// Exact rejection sampling with per-sample random streams (see rejection.hpp).
#include "simulators/rejection.hpp"

#include <atomic>
#include <cmath>

#include "core/errors.hpp"
#include "core/parallel.hpp"

namespace sbi::sim {

MatrixD rejection_sample(const RejectionProblem& problem, Index n, std::uint64_t seed) {
  if (problem.dim <= 0 || !problem.propose || !problem.log_accept)
    throw ValueError(problem.what + ": incomplete rejection problem");
  MatrixD out(n, problem.dim);
  std::atomic<bool> exhausted{false};
  parallel_for(n, 64, [&](Index begin, Index end) {
    for (Index i = begin; i < end && !exhausted.load(std::memory_order_relaxed); ++i) {
      Rng rng(seed, static_cast<std::uint64_t>(i));
      double* theta = out.row(i).data();
      bool accepted = false;
      for (std::int64_t attempt = 0; attempt < problem.max_attempts; ++attempt) {
        problem.propose(theta, rng);
        const double la = problem.log_accept(theta);
        const double u = rng.uniform_open();
        if (la > -INFINITY && std::log(u) < la) {
          accepted = true;
          break;
        }
      }
      if (!accepted) exhausted = true;
    }
  });
  if (exhausted)
    throw ValueError(problem.what + ": a sample needed more than " + std::to_string(problem.max_attempts) +
                     " proposals (is the observation far outside the prior predictive?)");
  return out;
}

}  // namespace sbi::sim
