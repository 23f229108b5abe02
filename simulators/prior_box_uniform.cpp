// BoxUniform prior (formulas in prior_box_uniform.hpp).
#include "simulators/prior_box_uniform.hpp"

#include <cmath>
#include <limits>
#include <sstream>

#include "core/errors.hpp"

namespace sbi::sim {

namespace {
// log σ(z) = -log(1 + e^{-z}), computed without overflow.
double log_sigmoid(double z) { return z >= 0 ? -std::log1p(std::exp(-z)) : z - std::log1p(std::exp(z)); }
}  // namespace

BoxUniformPrior::BoxUniformPrior(VectorD lower, VectorD upper)
    : lower_(std::move(lower)), upper_(std::move(upper)) {
  if (lower_.size() != upper_.size() || lower_.size() == 0)
    throw ShapeError("BoxUniformPrior: lower has " + std::to_string(lower_.size()) +
                     " entries, upper " + std::to_string(upper_.size()) + " (need equal, > 0)");
  for (Index d = 0; d < lower_.size(); ++d) {
    if (!(std::isfinite(lower_[d]) && std::isfinite(upper_[d]) && lower_[d] < upper_[d]))
      throw ValueError("BoxUniformPrior: dimension " + std::to_string(d + 1) + " has bounds [" +
                       std::to_string(lower_[d]) + ", " + std::to_string(upper_[d]) +
                       "]; need finite lo < hi");
    log_volume_ += std::log(upper_[d] - lower_[d]);
  }
}

BoxUniformPrior::BoxUniformPrior(Index dim, double lo, double hi)
    : BoxUniformPrior(VectorD::Constant(dim, lo), VectorD::Constant(dim, hi)) {}

std::string BoxUniformPrior::describe() const {
  std::ostringstream s;
  const bool same = (lower_.array() == lower_[0]).all() && (upper_.array() == upper_[0]).all();
  if (same) {
    s << "BoxUniform([" << lower_[0] << ", " << upper_[0] << "]^" << dim() << ")";
  } else {
    s << "BoxUniform(";
    for (Index d = 0; d < dim(); ++d) s << (d ? " x " : "") << "[" << lower_[d] << ", " << upper_[d] << "]";
    s << ")";
  }
  return s.str();
}

void BoxUniformPrior::sample_one(double* theta, Rng& rng) const {
  for (Index d = 0; d < dim(); ++d) theta[d] = lower_[d] + (upper_[d] - lower_[d]) * rng.uniform();
}

bool BoxUniformPrior::in_support_one(const double* theta) const {
  for (Index d = 0; d < dim(); ++d)
    if (!(theta[d] >= lower_[d] && theta[d] <= upper_[d])) return false;
  return true;
}

double BoxUniformPrior::log_prob_one(const double* theta) const {
  return in_support_one(theta) ? -log_volume_ : -std::numeric_limits<double>::infinity();
}

void BoxUniformPrior::to_unconstrained_one(const double* theta, double* z) const {
  for (Index d = 0; d < dim(); ++d) {
    const double u = (theta[d] - lower_[d]) / (upper_[d] - lower_[d]);
    z[d] = std::log(u) - std::log1p(-u);
  }
}

double BoxUniformPrior::from_unconstrained_one(const double* z, double* theta) const {
  double log_det = 0.0;
  for (Index d = 0; d < dim(); ++d) {
    const double width = upper_[d] - lower_[d];
    const double s = 1.0 / (1.0 + std::exp(-z[d]));
    theta[d] = lower_[d] + width * s;
    log_det += std::log(width) + log_sigmoid(z[d]) + log_sigmoid(-z[d]);
  }
  return log_det;
}

// Inside the box log p is constant.
void BoxUniformPrior::log_prob_gradient_one(const double*, double* grad) const {
  for (Index d = 0; d < dim(); ++d) grad[d] = 0.0;
}

// ∂θ_d/∂z_d = (hi_d - lo_d)·σ(z_d)(1 - σ(z_d));  ∂/∂z_d [log σ(z_d) + log σ(-z_d)] = 1 - 2σ(z_d).
void BoxUniformPrior::pullback_gradient_one(const double* z, const double* grad_theta, double* grad_z) const {
  for (Index d = 0; d < dim(); ++d) {
    const double s = 1.0 / (1.0 + std::exp(-z[d]));
    grad_z[d] = grad_theta[d] * (upper_[d] - lower_[d]) * s * (1.0 - s) + (1.0 - 2.0 * s);
  }
}

VectorD BoxUniformPrior::mean() const { return 0.5 * (lower_ + upper_); }

VectorD BoxUniformPrior::sd() const { return (upper_ - lower_) / std::sqrt(12.0); }

}  // namespace sbi::sim
