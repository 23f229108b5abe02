// Maximum mean discrepancy (see mmd.hpp). The kernel sums run in parallel over fixed row
// blocks, each block's partial sum kept separately and added in order (deterministic).
#include "diagnostics/mmd.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/errors.hpp"
#include "core/parallel.hpp"

namespace sbi::diagnostics {

namespace {

constexpr Index kBlock = 64;

// Σ_{i,j} exp(-‖a_i - b_j‖² γ), skipping i = j when `same`.
double kernel_sum(const MatrixD& a, const MatrixD& b, double gamma, bool same) {
  const VectorD a2 = a.rowwise().squaredNorm(), b2 = b.rowwise().squaredNorm();
  const Index blocks = (a.rows() + kBlock - 1) / kBlock;
  std::vector<double> partial(static_cast<std::size_t>(blocks), 0.0);
  parallel_for(blocks, 1, [&](Index begin, Index end) {
    MatrixD dot;
    for (Index blk = begin; blk < end; ++blk) {
      const Index r0 = blk * kBlock, rows = std::min(kBlock, a.rows() - r0);
      dot.noalias() = a.middleRows(r0, rows) * b.transpose();
      double total = 0;
      for (Index i = 0; i < rows; ++i)
        for (Index j = 0; j < b.rows(); ++j) {
          if (same && r0 + i == j) continue;
          const double sq = std::max(0.0, a2(r0 + i) + b2(j) - 2 * dot(i, j));
          total += std::exp(-gamma * sq);
        }
      partial[static_cast<std::size_t>(blk)] = total;
    }
  });
  double sum = 0;
  for (double p : partial) sum += p;
  return sum;
}

}  // namespace

double median_pairwise_distance(const MatrixD& a, Index max_rows) {
  const Index n = std::min(a.rows(), max_rows);
  if (n < 2) throw ValueError("median pairwise distance: need at least 2 rows");
  std::vector<double> d;
  d.reserve(static_cast<std::size_t>(n * (n - 1) / 2));
  for (Index i = 0; i < n; ++i)
    for (Index j = i + 1; j < n; ++j) d.push_back((a.row(i) - a.row(j)).norm());
  auto mid = d.begin() + static_cast<std::ptrdiff_t>(d.size() / 2);
  std::nth_element(d.begin(), mid, d.end());
  return *mid;
}

double mmd_squared_unbiased(const MatrixD& a, const MatrixD& b, double bandwidth) {
  if (a.cols() != b.cols())
    throw ShapeError("MMD: samples have " + std::to_string(a.cols()) + " and " +
                     std::to_string(b.cols()) + " columns");
  if (a.rows() < 2 || b.rows() < 2) throw ValueError("MMD: need at least 2 rows in each sample");
  if (!(bandwidth > 0)) throw ValueError("MMD: the bandwidth must be positive");
  const double gamma = 1.0 / (2.0 * bandwidth * bandwidth);
  const double m = double(a.rows()), n = double(b.rows());
  return kernel_sum(a, a, gamma, true) / (m * (m - 1)) + kernel_sum(b, b, gamma, true) / (n * (n - 1)) -
         2.0 * kernel_sum(a, b, gamma, false) / (m * n);
}

double mmd(const MatrixD& reference, const MatrixD& approximate) {
  return mmd_squared_unbiased(reference, approximate, median_pairwise_distance(reference));
}

}  // namespace sbi::diagnostics
