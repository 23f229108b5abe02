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

namespace {

// "12" → 12; ValueError naming the setting otherwise.
double setting_number(const std::string& spec, const std::string& key, const std::string& value) {
  std::size_t used = 0;
  double v = NAN;
  try {
    v = std::stod(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value.size() || !std::isfinite(v) || v < 0)
    throw ValueError("density estimator '" + excerpt(spec) + "': " + key + "=" + excerpt(value) + " is not a non-negative number");
  return v;
}

Index setting_count(const std::string& spec, const std::string& key, const std::string& value) {
  const double v = setting_number(spec, key, value);
  if (v != std::floor(v)) throw ValueError("density estimator '" + spec + "': " + key + "=" + value + " is not a whole number");
  // Compared before the cast (1e20 does not fit an Index); the flow's own limits come after.
  constexpr double kMaxSetting = 1e6;
  if (v > kMaxSetting)
    throw ValueError("density estimator '" + excerpt(spec) + "': " + key + "=" + excerpt(value) +
                     " is too large (at most 1000000)");
  return static_cast<Index>(v);
}

// "random" → PermutationScheme::random, ...; ValueError naming the estimator otherwise.
flows::PermutationScheme setting_permutation(const std::string& spec, const std::string& value) {
  try {
    return flows::permutation_scheme_from_name(value);
  } catch (const ValueError& e) {
    throw ValueError("density estimator '" + excerpt(spec) + "': " + e.what());
  }
}

// "1" → true, "0" → false; ValueError naming the setting otherwise.
bool setting_flag(const std::string& spec, const std::string& key, const std::string& value) {
  if (value != "0" && value != "1")
    throw ValueError("density estimator '" + excerpt(spec) + "': " + key + "=" + excerpt(value) + " is not 0 or 1");
  return value == "1";
}

}  // namespace

flows::EstimatorSettings estimator_config(const std::string& spec, Index y_dim, Index context_dim,
                                        std::uint64_t seed, const nn::EmbeddingSpec& embedding) {
  const std::size_t colon = spec.find(':');
  const std::string kind = spec.substr(0, colon);
  flows::EstimatorSettings c = flows::config_for_kind(kind, y_dim, context_dim, seed);
  // Size overrides: kind:key=value:key=value.
  std::size_t at = colon;
  while (at != std::string::npos) {
    const std::size_t next = spec.find(':', at + 1);
    const std::string item = spec.substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1);
    at = next;
    const std::size_t eq = item.find('=');
    const std::string key = item.substr(0, eq), value = eq == std::string::npos ? "" : item.substr(eq + 1);
    if (eq == std::string::npos || value.empty())
      throw ValueError("density estimator '" + spec + "': expected key=value after ':', got '" + item + "'");
    if (key == "transforms") c.transforms = setting_count(spec, key, value);
    else if (key == "hidden") c.hidden = setting_count(spec, key, value);
    else if (key == "blocks") c.blocks = setting_count(spec, key, value);
    else if (key == "bins") c.bins = setting_count(spec, key, value);
    else if (key == "components") c.components = setting_count(spec, key, value);
    else if (key == "tail_bound") c.tail_bound = setting_number(spec, key, value);
    else if (key == "permutation") c.permutation = setting_permutation(spec, value);
    else if (key == "spline_scale") c.spline_scale = value;    // hidden | none
    else if (key == "keep_first_moving") c.keep_first_moving = setting_flag(spec, key, value);
    else
      throw ValueError("density estimator '" + spec + "': unknown setting '" + key +
                       "' (transforms, hidden, blocks, bins, components, tail_bound, permutation, "
                       "keep_first_moving, spline_scale)");
  }
  if (embedding.enabled()) c.set_embedding(embedding);
  c.validate();
  return c;
}

PosteriorEstimator PosteriorEstimator::build(const std::string& kind, sim::PriorPtr prior, ThetaSpace space,
                                             Index context_dim, std::uint64_t seed,
                                             const nn::EmbeddingSpec& embedding) {
  if (!prior) throw ValueError("PosteriorEstimator: no prior");
  EstimatorPtr flow(flows::build_estimator(estimator_config(kind, prior->dim(), context_dim, seed, embedding)));
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

MatrixD theta_in_space(const sim::Prior& prior, ThetaSpace space, const MatrixD& theta) {
  return space == ThetaSpace::unconstrained ? prior.to_unconstrained(theta) : theta;
}

MatrixD PosteriorEstimator::to_flow_space(const MatrixD& theta) const { return theta_in_space(*prior_, space_, theta); }

flows::FitResult PosteriorEstimator::fit(const MatrixD& theta, const MatrixD& x, const nn::TrainSettings& options,
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
