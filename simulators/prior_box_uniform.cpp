// BoxUniform prior (formulas in prior_box_uniform.hpp).
#include "simulators/prior_box_uniform.hpp"

#include <cmath>
#include <limits>
#include <sstream>

#include "core/box_logit.hpp"
#include "core/errors.hpp"

namespace sbi::sim {

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
  for (Index d = 0; d < dim(); ++d) z[d] = box_logit::to_unconstrained(theta[d], lower_[d], upper_[d] - lower_[d]);
}

double BoxUniformPrior::from_unconstrained_one(const double* z, double* theta) const {
  double log_det = 0.0;
  for (Index d = 0; d < dim(); ++d) {
    const double width = upper_[d] - lower_[d];
    theta[d] = box_logit::from_unconstrained(z[d], lower_[d], width);
    log_det += box_logit::log_abs_det(z[d], width);
  }
  return log_det;
}

// Inside the box log p is constant.
void BoxUniformPrior::log_prob_gradient_one(const double*, double* grad) const {
  for (Index d = 0; d < dim(); ++d) grad[d] = 0.0;
}

// Exact, coordinate by coordinate (core/box_logit.hpp), instead of Prior's finite differences.
void BoxUniformPrior::pullback_gradient_one(const double* z, const double* grad_theta, double* grad_z) const {
  for (Index d = 0; d < dim(); ++d) grad_z[d] = box_logit::pullback(z[d], grad_theta[d], upper_[d] - lower_[d]);
}

VectorD BoxUniformPrior::mean() const { return 0.5 * (lower_ + upper_); }

VectorD BoxUniformPrior::sd() const { return (upper_ - lower_) / std::sqrt(12.0); }

}  // namespace sbi::sim
