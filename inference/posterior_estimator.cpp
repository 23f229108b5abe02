// A flow together with the θ coordinates it models (see posterior_estimator.hpp).
#include "inference/posterior_estimator.hpp"

#include <cmath>
#include <vector>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "nn/model_file.hpp"

namespace sbi::inference {

ThetaSpace parse_theta_space(const std::string& name) {
  if (name == "constrained") return ThetaSpace::constrained;
  if (name == "unconstrained") return ThetaSpace::unconstrained;
  throw ValueError("unknown θ space '" + name + "' (constrained, unconstrained)");
}

std::string theta_space_name(ThetaSpace space) {
  return space == ThetaSpace::unconstrained ? "unconstrained" : "constrained";
}

flows::EstimatorConfig estimator_config(const std::string& kind, Index y_dim, Index context_dim,
                                        std::uint64_t seed) {
  if (kind == "maf") return flows::maf_config(y_dim, context_dim, seed);
  if (kind == "nsf") return flows::nsf_config(y_dim, context_dim, seed);
  if (kind == "nsf_ar") return flows::nsf_autoregressive_config(y_dim, context_dim, seed);
  if (kind == "mdn") return flows::mdn_config(y_dim, context_dim, seed);
  throw ValueError("unknown density estimator '" + kind + "' (maf, nsf, nsf_ar, mdn)");
}

PosteriorEstimator PosteriorEstimator::build(const std::string& kind, sim::PriorPtr prior, ThetaSpace space,
                                             Index context_dim, std::uint64_t seed) {
  if (!prior) throw ValueError("PosteriorEstimator: no prior");
  EstimatorPtr flow(flows::build_estimator(estimator_config(kind, prior->dim(), context_dim, seed)));
  return PosteriorEstimator(std::move(flow), std::move(prior), space);
}

PosteriorEstimator::PosteriorEstimator(EstimatorPtr flow, sim::PriorPtr prior, ThetaSpace space)
    : flow_(std::move(flow)), prior_(std::move(prior)), space_(space) {
  if (!flow_) throw ValueError("PosteriorEstimator: no flow");
  if (!prior_) throw ValueError("PosteriorEstimator: no prior");
  if (flow_->y_dim() != prior_->dim())
    throw ShapeError("PosteriorEstimator: the flow models θ of dimension " + std::to_string(flow_->y_dim()) +
                     ", the prior has dimension " + std::to_string(prior_->dim()));
}

MatrixD PosteriorEstimator::to_flow_space(const MatrixD& theta) const {
  return space_ == ThetaSpace::unconstrained ? prior_->to_unconstrained(theta) : theta;
}

flows::FitResult PosteriorEstimator::fit(const MatrixD& theta, const MatrixD& x, const nn::TrainOptions& options,
                                         bool fit_standardizers) {
  require_shape("PosteriorEstimator::fit: theta", theta, -1, theta_dim());
  require_shape("PosteriorEstimator::fit: x", x, theta.rows(), context_dim());
  return flows::fit_estimator(*flow_, to_flow_space(theta).cast<float>(), x.cast<float>(), options,
                              fit_standardizers);
}

MatrixD PosteriorEstimator::sample(Index n, const MatrixF& context, std::uint64_t seed) const {
  const MatrixD draws = flow_->sample(n, context, seed).cast<double>();
  return space_ == ThetaSpace::unconstrained ? prior_->from_unconstrained(draws) : draws;
}

VectorD PosteriorEstimator::log_prob(const MatrixD& theta, const MatrixF& context) const {
  require_shape("PosteriorEstimator::log_prob: theta", theta, -1, theta_dim());
  require_shape("PosteriorEstimator::log_prob: context", context, 1, context_dim());
  if (space_ == ThetaSpace::constrained)
    return flow_->log_prob(theta.cast<float>(), context.replicate(theta.rows(), 1)).cast<double>();
  // Rows outside the support have no z: evaluate the others and give those −∞.
  const std::vector<bool> inside = prior_->in_support(theta);
  std::vector<Index> rows;
  for (Index i = 0; i < theta.rows(); ++i)
    if (inside[static_cast<std::size_t>(i)]) rows.push_back(i);
  VectorD lp = VectorD::Constant(theta.rows(), -INFINITY);
  if (rows.empty()) return lp;
  const MatrixD z = prior_->to_unconstrained(theta(rows, Eigen::all));
  const VectorD lq = flow_->log_prob(z.cast<float>(), context.replicate(z.rows(), 1)).cast<double>();
  const VectorD log_det = prior_->log_abs_det_jacobian(z);
  for (std::size_t r = 0; r < rows.size(); ++r)
    lp(rows[r]) = lq(static_cast<Index>(r)) - log_det(static_cast<Index>(r));
  return lp;
}

PosteriorEstimator PosteriorEstimator::clone() const {
  nn::ModelArchive archive;
  flow_->write_to(archive, "");
  return PosteriorEstimator(EstimatorPtr(flows::read_estimator(archive, "")), prior_, space_);
}

}  // namespace sbi::inference
