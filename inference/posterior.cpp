// Defaults shared by all posteriors (see posterior.hpp).
#include "inference/posterior.hpp"

#include "core/errors.hpp"

namespace sbi::inference {

VectorD Posterior::log_prob(const MatrixD&) const {
  throw NotFoundError(describe() + " has no density; it can only be sampled");
}

RowVectorD Posterior::map(std::uint64_t seed, Index num_candidates) const {
  const MatrixD draws = sample(num_candidates, seed);
  if (!has_log_prob_) return draws.colwise().mean();
  const VectorD lp = log_prob(draws);
  Index best = 0;
  for (Index i = 1; i < lp.size(); ++i)
    if (lp(i) > lp(best)) best = i;
  return draws.row(best);
}

}  // namespace sbi::inference
