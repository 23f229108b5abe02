// KDE bandwidth selection (see kde_bandwidth.hpp).
#include "inference/kde_bandwidth.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/parallel.hpp"

namespace sbi::inference {

namespace {
constexpr Index kMaxCvAtoms = 2000;  // cross-validation cost and memory grow as n²
}  // namespace

double scott_bandwidth(const VectorD& weights, Index dim) {
  const double n_eff = 1.0 / weights.squaredNorm();
  return std::pow(n_eff, -1.0 / double(dim + 4));
}

double cross_validated_bandwidth(const MatrixD& theta, const VectorD& weights, const MatrixD& sigma_inverse,
                                 double h_min, double h_max, int grid_points) {
  const Index n = theta.rows(), d = theta.cols();
  if (n < 4) return scott_bandwidth(weights, d);
  if (n > kMaxCvAtoms) {
    // The n × n distance matrix would be large: cross-validate on an evenly strided subset and
    // rescale by the bandwidth's rate in the effective sample size, (n_eff_sub / n_eff)^(1/(D+4)).
    MatrixD sub(kMaxCvAtoms, d);
    VectorD sub_w(kMaxCvAtoms);
    for (Index k = 0; k < kMaxCvAtoms; ++k) {
      const Index i = k * n / kMaxCvAtoms;
      sub.row(k) = theta.row(i);
      sub_w(k) = weights(i);
    }
    if (!(sub_w.sum() > 0)) return scott_bandwidth(weights, d);
    sub_w /= sub_w.sum();
    const double h_sub = cross_validated_bandwidth(sub, sub_w, sigma_inverse, h_min, h_max, grid_points);
    const double rate = std::pow(weights.squaredNorm() / sub_w.squaredNorm(), 1.0 / double(d + 4));
    return h_sub * rate;
  }
  const Index folds = std::min<Index>(20, n);
  // Squared Mahalanobis distances m_ij = (θ_i − θ_j)ᵀ Σ⁻¹ (θ_i − θ_j), computed once.
  const MatrixD projected = theta * sigma_inverse;
  const VectorD self = (projected.array() * theta.array()).rowwise().sum();
  MatrixD m = -2.0 * projected * theta.transpose();
  m.colwise() += self;
  m.rowwise() += self.transpose();
  std::vector<double> grid(static_cast<std::size_t>(grid_points));
  for (int g = 0; g < grid_points; ++g)
    grid[std::size_t(g)] = h_min * std::pow(h_max / h_min, double(g) / double(std::max(grid_points - 1, 1)));
  // Per-fold sums of the weights held in (the normaliser of the held-in mixture).
  std::vector<double> fold_weight(static_cast<std::size_t>(folds), 0.0);
  for (Index i = 0; i < n; ++i) fold_weight[std::size_t(i % folds)] += weights(i);
  std::vector<double> score(grid.size());
  parallel_for(static_cast<Index>(grid.size()), 1, [&](Index begin, Index end) {
    for (Index g = begin; g < end; ++g) {
      const double h = grid[std::size_t(g)], inv_2h2 = 0.5 / (h * h);
      double total = 0;
      for (Index i = 0; i < n; ++i) {
        const Index f = i % folds;
        double peak = -std::numeric_limits<double>::infinity();
        for (Index j = 0; j < n; ++j)
          if (j % folds != f && weights(j) > 0) peak = std::max(peak, -m(i, j) * inv_2h2);
        if (!std::isfinite(peak) || !(weights(i) > 0)) continue;
        double sum = 0;
        for (Index j = 0; j < n; ++j)
          if (j % folds != f) sum += weights(j) * std::exp(-m(i, j) * inv_2h2 - peak);
        const double held_in = 1.0 - fold_weight[std::size_t(f)];
        // log N(θ_i; θ_j, h²Σ) = −m_ij/(2h²) − D log h + (terms without h).
        total += weights(i) * (peak + std::log(sum / held_in) - double(d) * std::log(h));
      }
      score[std::size_t(g)] = total;
    }
  });
  const auto best = std::max_element(score.begin(), score.end());
  return grid[std::size_t(best - score.begin())];
}

}  // namespace sbi::inference
