// Validated storage of simulations (see simulation_data.hpp).
#include "inference/simulation_data.hpp"

#include <cmath>
#include <vector>

#include "core/errors.hpp"

namespace sbi::inference {

SimulationData::SimulationData(sim::PriorPtr prior, Index x_dim)
    : prior_(std::move(prior)), x_dim_(x_dim) {
  if (!prior_) throw ValueError("SimulationData: a prior is required");
  theta_.resize(0, prior_->dim());
  if (x_dim_ >= 0) x_.resize(0, x_dim_);
}

Index SimulationData::append(const MatrixD& theta, const MatrixD& x) {
  if (!prior_) throw ValueError("SimulationData: constructed without a prior");
  require_shape("SimulationData::append: theta", theta, -1, prior_->dim());
  if (x.rows() != theta.rows())
    throw ShapeError("SimulationData::append: " + std::to_string(theta.rows()) + " θ rows but " +
                     std::to_string(x.rows()) + " x rows");
  if (x_dim_ >= 0 && x.cols() != x_dim_)
    throw ShapeError("SimulationData::append: x has " + std::to_string(x.cols()) +
                     " columns, expected " + std::to_string(x_dim_));
  const std::vector<bool> inside = prior_->in_support(theta);
  for (Index i = 0; i < theta.rows(); ++i) {
    if (!theta.row(i).allFinite() || !inside[static_cast<std::size_t>(i)])
      throw ValueError("SimulationData::append: θ row " + std::to_string(i) +
                       " is outside the support of the prior " + prior_->describe());
  }
  std::vector<Index> keep;
  for (Index i = 0; i < x.rows(); ++i)
    if (x.row(i).allFinite()) keep.push_back(i);
  const Index dropped = x.rows() - static_cast<Index>(keep.size());
  if (x_dim_ < 0) {
    x_dim_ = x.cols();
    x_.resize(0, x_dim_);
  }
  const Index old = theta_.rows(), added = static_cast<Index>(keep.size());
  theta_.conservativeResize(old + added, Eigen::NoChange);
  x_.conservativeResize(old + added, Eigen::NoChange);
  for (Index k = 0; k < added; ++k) {
    theta_.row(old + k) = theta.row(keep[static_cast<std::size_t>(k)]);
    x_.row(old + k) = x.row(keep[static_cast<std::size_t>(k)]);
  }
  dropped_ += dropped;
  return dropped;
}

}  // namespace sbi::inference
