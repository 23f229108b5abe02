// Linear-regression adjustment of ABC samples (see smc_abc_adjust.hpp).
#include "inference/smc_abc_adjust.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <numeric>
#include <vector>

#include "core/errors.hpp"
#include "inference/smc_abc.hpp"

namespace sbi::inference {

VectorD epanechnikov_weights(const VectorD& distances, double epsilon) {
  if (!(epsilon > 0)) throw ValueError("Epanechnikov weights: epsilon must be positive, got " + std::to_string(epsilon));
  return (1.0 - (distances.array() / epsilon).square()).cwiseMax(0.0).matrix();
}

MatrixD regression_adjust(const MatrixD& theta, const MatrixD& x, const VectorD& weights,
                          const RowVectorD& x_o, const sim::Prior& prior) {
  const Index n = theta.rows(), p = x.cols();
  require_shape("regression_adjust: theta", theta, -1, prior.dim());
  require_shape("regression_adjust: x", x, n, -1);
  require_shape("regression_adjust: x_o", x_o, 1, p);
  if (weights.size() != n) throw ShapeError("regression_adjust: " + std::to_string(weights.size()) +
                                            " weights for " + std::to_string(n) + " rows");
  if (!(weights.minCoeff() >= 0) || !(weights.sum() > 0))
    throw ValueError("regression_adjust: weights must be non-negative and not all zero");
  const MatrixD u = prior.to_unconstrained(theta);
  MatrixD design(n, p + 1);
  design.col(0).setOnes();
  design.rightCols(p) = x.rowwise() - x_o;
  // Weighted normal equations (XᵀWX) b = XᵀWu, with a tiny ridge for collinear statistics.
  MatrixD xtwx = design.transpose() * weights.asDiagonal() * design;
  const MatrixD xtwu = design.transpose() * weights.asDiagonal() * u;
  xtwx.diagonal().array() += 1e-10 * std::max(1.0, xtwx.diagonal().maxCoeff());
  const MatrixD coef = xtwx.ldlt().solve(xtwu);  // (p+1) × D
  const MatrixD adjusted = u - design.rightCols(p) * coef.bottomRows(p);
  return prior.from_unconstrained(adjusted);
}

EmpiricalPosterior rejection_abc_adjusted(const SimulationData& data, const RowVectorD& x_o,
                                          Index num_accept, const DistanceFn& distance) {
  if (data.size() < 2) throw ValueError("adjusted rejection ABC: need at least 2 simulations");
  require_shape("adjusted rejection ABC: observation", x_o, 1, data.x_dim());
  if (num_accept < 2 || num_accept > data.size())
    throw ValueError("adjusted rejection ABC: num_accept must be in [2, " + std::to_string(data.size()) +
                     "], got " + std::to_string(num_accept));
  const DistanceFn dist = distance ? distance : zscored_euclidean_distance(data.x());
  const VectorD d = dist(data.x(), x_o);
  std::vector<Index> order(static_cast<std::size_t>(d.size()));
  std::iota(order.begin(), order.end(), Index(0));
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return d(a) < d(b); });
  MatrixD theta(num_accept, data.theta_dim()), x(num_accept, data.x_dim());
  VectorD kept_d(num_accept);
  for (Index k = 0; k < num_accept; ++k) {
    const Index i = order[static_cast<std::size_t>(k)];
    theta.row(k) = data.theta().row(i);
    x.row(k) = data.x().row(i);
    kept_d(k) = d(i);
  }
  // ε slightly above the largest kept distance, so the farthest sample keeps a small weight.
  const double eps = kept_d.maxCoeff() * (1.0 + 1e-6) + 1e-300;
  const VectorD w = epanechnikov_weights(kept_d, eps);
  return EmpiricalPosterior(regression_adjust(theta, x, w, x_o, *data.prior()), w / w.sum(),
                            "regression-adjusted rejection ABC (" + std::to_string(num_accept) + " of " +
                                std::to_string(data.size()) + ")");
}

}  // namespace sbi::inference
