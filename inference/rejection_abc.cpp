// Rejection ABC (see rejection_abc.hpp).
#include "inference/rejection_abc.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "core/errors.hpp"
#include "core/rng.hpp"

namespace sbi::inference {

EmpiricalPosterior::EmpiricalPosterior(MatrixD theta, VectorD weights, std::string description)
    : theta_(std::move(theta)), weights_(std::move(weights)), description_(std::move(description)) {
  if (theta_.rows() == 0) throw ValueError(description_ + ": no θ was accepted");
  if (weights_.size() != theta_.rows())
    throw ShapeError("EmpiricalPosterior: " + std::to_string(weights_.size()) + " weights for " +
                     std::to_string(theta_.rows()) + " atoms");
}

MatrixD EmpiricalPosterior::sample(Index n, std::uint64_t seed) const {
  MatrixD out(n, theta_.cols());
  std::vector<double> w(weights_.data(), weights_.data() + weights_.size());
  for (Index i = 0; i < n; ++i) {
    Rng rng(seed, static_cast<std::uint64_t>(i));
    out.row(i) = theta_.row(static_cast<Index>(rng.categorical(w)));
  }
  return out;
}

namespace {

VectorD zscored_euclidean(const MatrixD& x, const RowVectorD& x_o) {
  const RowVectorD mean = x.colwise().mean();
  RowVectorD sd = ((x.rowwise() - mean).array().square().colwise().sum() /
                   double(std::max<Index>(x.rows() - 1, 1))).sqrt();
  sd = sd.cwiseMax(1e-12);
  VectorD d(x.rows());
  for (Index i = 0; i < x.rows(); ++i)
    d(i) = ((x.row(i) - x_o).array() / sd.array()).matrix().norm();
  return d;
}

void check_observation(const SimulationData& data, const RowVectorD& x_o) {
  if (x_o.size() != data.x_dim())
    throw ShapeError("rejection ABC: the observation has " + std::to_string(x_o.size()) +
                     " values, the simulations " + std::to_string(data.x_dim()));
  if (!x_o.allFinite()) throw ValueError("rejection ABC: the observation is not finite");
  if (data.size() == 0) throw ValueError("rejection ABC: no simulations");
}

}  // namespace

EmpiricalPosterior RejectionAbc::posterior(const RowVectorD& x_o,
                                           const RejectionAbcSettings& options) const {
  check_observation(data_, x_o);
  const VectorD d = options.distance ? options.distance(data_.x(), x_o)
                                     : zscored_euclidean(data_.x(), x_o);
  std::vector<Index> order(static_cast<std::size_t>(d.size()));
  std::iota(order.begin(), order.end(), Index(0));
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return d(a) < d(b); });
  Index keep = 0;
  if (options.epsilon >= 0) {
    while (keep < d.size() && d(order[static_cast<std::size_t>(keep)]) <= options.epsilon) ++keep;
  } else {
    keep = std::min(options.num_accept, d.size());
  }
  MatrixD accepted(keep, data_.theta_dim());
  for (Index k = 0; k < keep; ++k) accepted.row(k) = data_.theta().row(order[static_cast<std::size_t>(k)]);
  return EmpiricalPosterior(std::move(accepted), VectorD::Ones(keep),
                            "rejection ABC (" + std::to_string(keep) + " accepted of " +
                                std::to_string(d.size()) + ")");
}

EmpiricalPosterior RejectionAbc::gbi_posterior(const RowVectorD& x_o, double beta,
                                               const DistanceFn& distance,
                                               std::uint64_t seed) const {
  check_observation(data_, x_o);
  if (!distance) throw ValueError("GBI rejection ABC needs a distance");
  const VectorD d = distance(data_.x(), x_o);
  std::vector<Index> kept;
  for (Index i = 0; i < d.size(); ++i) {
    Rng rng(seed, static_cast<std::uint64_t>(i));
    if (std::isfinite(d(i)) && rng.uniform() < std::exp(-beta * d(i))) kept.push_back(i);
  }
  MatrixD accepted(static_cast<Index>(kept.size()), data_.theta_dim());
  for (std::size_t k = 0; k < kept.size(); ++k) accepted.row(static_cast<Index>(k)) = data_.theta().row(kept[k]);
  return EmpiricalPosterior(std::move(accepted), VectorD::Ones(static_cast<Index>(kept.size())),
                            "GBI rejection ABC (beta " + std::to_string(beta) + ", " +
                                std::to_string(kept.size()) + " accepted)");
}

}  // namespace sbi::inference
