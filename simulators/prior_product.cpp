// Product of independent priors (see prior_product.hpp).
#include "simulators/prior_product.hpp"

#include <cmath>

#include "core/errors.hpp"

namespace sbi::sim {

ProductPrior::ProductPrior(std::vector<PriorPtr> components) : components_(std::move(components)) {
  if (components_.empty()) throw ValueError("ProductPrior: no components");
  for (const auto& c : components_) {
    if (!c) throw ValueError("ProductPrior: null component");
    offsets_.push_back(dim_);
    dim_ += c->dim();
  }
}

std::string ProductPrior::describe() const {
  std::string s = "Product(";
  for (std::size_t k = 0; k < components_.size(); ++k) s += (k ? ", " : "") + components_[k]->describe();
  return s + ")";
}

void ProductPrior::sample_one(double* theta, Rng& rng) const {
  for (std::size_t k = 0; k < components_.size(); ++k) components_[k]->sample_one(theta + offsets_[k], rng);
}

double ProductPrior::log_prob_one(const double* theta) const {
  double lp = 0.0;
  for (std::size_t k = 0; k < components_.size(); ++k) lp += components_[k]->log_prob_one(theta + offsets_[k]);
  return lp;
}

bool ProductPrior::in_support_one(const double* theta) const {
  for (std::size_t k = 0; k < components_.size(); ++k)
    if (!components_[k]->in_support_one(theta + offsets_[k])) return false;
  return true;
}

void ProductPrior::to_unconstrained_one(const double* theta, double* z) const {
  for (std::size_t k = 0; k < components_.size(); ++k)
    components_[k]->to_unconstrained_one(theta + offsets_[k], z + offsets_[k]);
}

double ProductPrior::from_unconstrained_one(const double* z, double* theta) const {
  double log_det = 0.0;
  for (std::size_t k = 0; k < components_.size(); ++k)
    log_det += components_[k]->from_unconstrained_one(z + offsets_[k], theta + offsets_[k]);
  return log_det;
}

void ProductPrior::log_prob_gradient_one(const double* theta, double* grad) const {
  for (std::size_t k = 0; k < components_.size(); ++k)
    components_[k]->log_prob_gradient_one(theta + offsets_[k], grad + offsets_[k]);
}

// The bijection is blockwise, so its Jacobian is block diagonal and the log-dets add.
void ProductPrior::pullback_gradient_one(const double* z, const double* grad_theta, double* grad_z) const {
  for (std::size_t k = 0; k < components_.size(); ++k)
    components_[k]->pullback_gradient_one(z + offsets_[k], grad_theta + offsets_[k], grad_z + offsets_[k]);
}

VectorD ProductPrior::mean() const {
  VectorD m(dim_);
  for (std::size_t k = 0; k < components_.size(); ++k) m.segment(offsets_[k], components_[k]->dim()) = components_[k]->mean();
  return m;
}

VectorD ProductPrior::sd() const {
  VectorD s(dim_);
  for (std::size_t k = 0; k < components_.size(); ++k) s.segment(offsets_[k], components_[k]->dim()) = components_[k]->sd();
  return s;
}

}  // namespace sbi::sim
