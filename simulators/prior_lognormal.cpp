// Independent log-normal prior (formulas in prior_lognormal.hpp).
#include "simulators/prior_lognormal.hpp"

#include <cmath>
#include <limits>
#include <numbers>
#include <sstream>

#include "core/errors.hpp"

namespace sbi::sim {

LogNormalPrior::LogNormalPrior(VectorD loc, VectorD scale) : loc_(std::move(loc)), scale_(std::move(scale)) {
  if (loc_.size() != scale_.size() || loc_.size() == 0)
    throw ShapeError("LogNormalPrior: loc has " + std::to_string(loc_.size()) + " entries, scale " +
                     std::to_string(scale_.size()) + " (need equal, > 0)");
  for (Index d = 0; d < loc_.size(); ++d)
    if (!std::isfinite(loc_[d]) || !(scale_[d] > 0) || !std::isfinite(scale_[d]))
      throw ValueError("LogNormalPrior: dimension " + std::to_string(d + 1) + " has loc " +
                       std::to_string(loc_[d]) + ", scale " + std::to_string(scale_[d]) +
                       " (need finite loc, finite scale > 0)");
}

std::string LogNormalPrior::describe() const {
  std::ostringstream s;
  s << "LogNormal(loc=(";
  for (Index d = 0; d < dim(); ++d) s << (d ? ", " : "") << loc_[d];
  s << "), scale=(";
  for (Index d = 0; d < dim(); ++d) s << (d ? ", " : "") << scale_[d];
  s << "))";
  return s.str();
}

void LogNormalPrior::sample_one(double* theta, Rng& rng) const {
  for (Index d = 0; d < dim(); ++d) theta[d] = std::exp(loc_[d] + scale_[d] * rng.normal());
}

bool LogNormalPrior::in_support_one(const double* theta) const {
  for (Index d = 0; d < dim(); ++d)
    if (!(theta[d] > 0) || !std::isfinite(theta[d])) return false;
  return true;
}

double LogNormalPrior::log_prob_one(const double* theta) const {
  if (!in_support_one(theta)) return -std::numeric_limits<double>::infinity();
  const double half_log_2pi = 0.5 * std::log(2.0 * std::numbers::pi);
  double lp = 0.0;
  for (Index d = 0; d < dim(); ++d) {
    const double l = std::log(theta[d]);
    const double u = (l - loc_[d]) / scale_[d];
    lp += -l - std::log(scale_[d]) - half_log_2pi - 0.5 * u * u;
  }
  return lp;
}

void LogNormalPrior::to_unconstrained_one(const double* theta, double* z) const {
  for (Index d = 0; d < dim(); ++d) z[d] = std::log(theta[d]);
}

double LogNormalPrior::from_unconstrained_one(const double* z, double* theta) const {
  double log_det = 0.0;
  for (Index d = 0; d < dim(); ++d) {
    theta[d] = std::exp(z[d]);
    log_det += z[d];
  }
  return log_det;
}

// ∂/∂θ_d log p = -(1 + (log θ_d - loc_d)/scale_d²) / θ_d.
void LogNormalPrior::log_prob_gradient_one(const double* theta, double* grad) const {
  const bool inside = in_support_one(theta);
  for (Index d = 0; d < dim(); ++d)
    grad[d] = inside ? -(1.0 + (std::log(theta[d]) - loc_[d]) / (scale_[d] * scale_[d])) / theta[d] : 0.0;
}

// θ_d = exp(z_d): ∂θ_d/∂z_d = θ_d, and ∂/∂z_d Σ z = 1.
void LogNormalPrior::pullback_gradient_one(const double* z, const double* grad_theta, double* grad_z) const {
  for (Index d = 0; d < dim(); ++d) grad_z[d] = grad_theta[d] * std::exp(z[d]) + 1.0;
}

VectorD LogNormalPrior::mean() const {
  return (loc_.array() + 0.5 * scale_.array().square()).exp().matrix();
}

VectorD LogNormalPrior::sd() const {
  return (mean().array() * (scale_.array().square().exp() - 1.0).sqrt()).matrix();
}

}  // namespace sbi::sim
