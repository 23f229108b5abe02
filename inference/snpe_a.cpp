// SNPE-A's analytic correction and its posterior (see snpe_a.hpp).
#include "inference/snpe_a.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

#include "core/errors.hpp"
#include "inference/support_rejection.hpp"
#include "simulators/prior_box_uniform.hpp"
#include "simulators/prior_gaussian.hpp"

namespace sbi::inference {

namespace {
constexpr Index kAcceptanceProbe = 10000;
constexpr std::uint64_t kAcceptanceSeed = 0x5eed;

double log_det_of_factor(const Eigen::LLT<MatrixD>& llt) {
  return 2.0 * MatrixD(llt.matrixL()).diagonal().array().log().sum();
}

Eigen::LLT<MatrixD> positive_definite(const MatrixD& p, Index component) {
  Eigen::LLT<MatrixD> llt(p);
  if (llt.info() != Eigen::Success || !MatrixD(llt.matrixL()).diagonal().allFinite() ||
      (MatrixD(llt.matrixL()).diagonal().array() <= 0).any())
    throw ValueError("SNPE-A: the corrected precision P_k − P_proposal + P_prior of component " +
                     std::to_string(component) +
                     " is not positive definite (the proposal is narrower than the mixture density network's "
                     "estimate in some direction); as sbi, SNPE-A cannot correct it: use fewer rounds or more "
                     "simulations per round");
  return llt;
}
}  // namespace

flows::GaussianMixture correct_for_proposal(const flows::GaussianMixture& q, const Gaussian& proposal,
                                            const std::optional<Gaussian>& prior) {
  q.validate("SNPE-A: the mixture density network's mixture");
  const Index d = q.dim();
  require_shape("SNPE-A: proposal mean", MatrixD(proposal.mean), d, 1);
  require_shape("SNPE-A: proposal precision", proposal.precision, d, d);
  MatrixD shift_p = -proposal.precision;                       // −P̃ + P₀
  VectorD shift_eta = -proposal.precision * proposal.mean;     // −P̃m̃ + P₀m₀
  if (prior) {
    shift_p += prior->precision;
    shift_eta += prior->precision * prior->mean;
  }
  flows::GaussianMixture out;
  out.log_weights.resize(q.components());
  for (Index k = 0; k < q.components(); ++k) {
    const auto kk = static_cast<std::size_t>(k);
    const MatrixD& pk = q.precisions[kk];
    const VectorD& mk = q.means[kk];
    MatrixD p = pk + shift_p;
    p = 0.5 * (p + p.transpose());  // symmetric up to rounding
    const VectorD eta = pk * mk + shift_eta;
    const Eigen::LLT<MatrixD> llt = positive_definite(p, k);
    const VectorD mean = llt.solve(eta);
    out.log_weights(k) = q.log_weights(k) + 0.5 * log_det_of_factor(Eigen::LLT<MatrixD>(pk)) -
                         0.5 * mk.dot(pk * mk) + 0.5 * eta.dot(mean) - 0.5 * log_det_of_factor(llt);
    out.means.push_back(mean);
    out.precisions.push_back(p);
  }
  const double top = out.log_weights.maxCoeff();
  out.log_weights.array() -= top + std::log((out.log_weights.array() - top).exp().sum());
  return out;
}

std::optional<Gaussian> snpe_a_prior_gaussian(const sim::Prior& prior) {
  if (const auto* g = dynamic_cast<const sim::GaussianPrior*>(&prior)) return Gaussian{g->mean(), g->precision()};
  if (dynamic_cast<const sim::BoxUniformPrior*>(&prior)) return std::nullopt;
  throw ValueError("SNPE-A corrects for the proposal analytically and needs a Gaussian or box-uniform prior, got " +
                   prior.describe() + " (use snpe-c)");
}

MixturePosterior::MixturePosterior(flows::GaussianMixture mixture, sim::PriorPtr prior)
    : mixture_(std::move(mixture)), prior_(std::move(prior)) {
  mixture_.validate("SNPE-A posterior");
  if (!prior_ || prior_->dim() != mixture_.dim()) throw ShapeError("SNPE-A posterior: the prior's dimension differs");
  has_log_prob_ = true;
}

MatrixD MixturePosterior::sample(Index n, std::uint64_t seed) const {
  return sample_inside_support(*prior_, n, seed, "SNPE-A posterior", "the corrected mixture",
                               [this](Index m, std::uint64_t s) { return mixture_.sample(m, s); });
}

double MixturePosterior::acceptance_rate() const {
  if (acceptance_ < 0) acceptance_ = support_fraction(*prior_, mixture_.sample(kAcceptanceProbe, kAcceptanceSeed));
  return acceptance_;
}

VectorD MixturePosterior::log_prob(const MatrixD& theta) const {
  require_shape("SNPE-A posterior log_prob: theta", theta, -1, dim());
  VectorD lp = mixture_.log_prob(theta);
  const std::vector<bool> inside = prior_->in_support(theta);
  const double log_acceptance = std::log(acceptance_rate());
  for (Index i = 0; i < lp.size(); ++i)
    lp(i) = inside[static_cast<std::size_t>(i)] ? lp(i) - log_acceptance : -INFINITY;
  return lp;
}

Gaussian MixturePosterior::gaussian() const {
  if (mixture_.components() != 1)
    throw ValueError("SNPE-A: a proposal must be a single Gaussian, this posterior has " +
                     std::to_string(mixture_.components()) + " components");
  return Gaussian{mixture_.means[0], mixture_.precisions[0]};
}

}  // namespace sbi::inference
