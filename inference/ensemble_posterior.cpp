// Equal-weight mixture of posteriors (see ensemble_posterior.hpp).
#include "inference/ensemble_posterior.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "inference/rng_streams.hpp"

namespace sbi::inference {

EnsemblePosterior::EnsemblePosterior(std::vector<std::shared_ptr<Posterior>> members) : members_(std::move(members)) {
  if (members_.empty()) throw ValueError("EnsemblePosterior: no members");
  for (std::size_t m = 0; m < members_.size(); ++m) {
    if (!members_[m]) throw ValueError("EnsemblePosterior: member " + std::to_string(m) + " is null");
    if (members_[m]->dim() != members_[0]->dim())
      throw ShapeError("EnsemblePosterior: member " + std::to_string(m) + " has dimension " +
                       std::to_string(members_[m]->dim()) + ", member 0 " + std::to_string(members_[0]->dim()));
    normalized_ = normalized_ && members_[m]->normalized();
  }
  has_log_prob_ = true;
}

std::string EnsemblePosterior::describe() const {
  return "ensemble of " + std::to_string(members_.size()) + " × " + members_.front()->describe();
}

MatrixD EnsemblePosterior::sample(Index n, std::uint64_t seed) const {
  if (n <= 0) throw ValueError("EnsemblePosterior: the number of samples must be positive");
  const auto M = static_cast<std::int64_t>(members_.size());
  Rng pick(seed, 0);
  std::vector<std::int64_t> member_of(static_cast<std::size_t>(n));
  std::vector<Index> count(members_.size(), 0);
  for (auto& m : member_of) {
    m = pick.uniform_int(0, M - 1);
    ++count[static_cast<std::size_t>(m)];
  }
  std::vector<MatrixD> draws(members_.size());
  for (std::size_t m = 0; m < members_.size(); ++m)
    if (count[m] > 0) draws[m] = members_[m]->sample(count[m], derive_seed(seed, streams::kEnsembleMemberDraws.id(m)));
  MatrixD out(n, dim());
  std::vector<Index> used(members_.size(), 0);
  for (Index i = 0; i < n; ++i) {
    const auto m = static_cast<std::size_t>(member_of[static_cast<std::size_t>(i)]);
    out.row(i) = draws[m].row(used[m]++);
  }
  return out;
}

MatrixD EnsemblePosterior::member_log_probs(const MatrixD& theta) const {
  require_shape("EnsemblePosterior: theta", theta, -1, dim());
  MatrixD lp(theta.rows(), size());
  for (Index m = 0; m < size(); ++m) lp.col(m) = members_[static_cast<std::size_t>(m)]->log_prob(theta);
  return lp;
}

VectorD EnsemblePosterior::log_prob(const MatrixD& theta) const {
  const MatrixD lp = member_log_probs(theta);
  VectorD out(theta.rows());
  const double log_m = std::log(double(size()));
  for (Index i = 0; i < lp.rows(); ++i) {
    const double top = lp.row(i).maxCoeff();
    if (!std::isfinite(top)) {
      out(i) = top;
      continue;
    }
    out(i) = top + std::log((lp.row(i).array() - top).exp().sum()) - log_m;
  }
  return out;
}

}  // namespace sbi::inference
