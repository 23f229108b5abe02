// Distances for ACE/GBI tasks (formulas in distances.hpp).
#include "simulators/distances.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/parallel.hpp"

namespace sbi::sim {

VectorD mse_distance(const MatrixD& x, const RowVectorD& x_o) {
  require_shape("mse_distance: x_o", x_o, 1, x.cols());
  VectorD d(x.rows());
  for (Index i = 0; i < x.rows(); ++i) d[i] = (x.row(i) - x_o).squaredNorm() / static_cast<double>(x.cols());
  return d;
}

VectorD mae_zscored_distance(const MatrixD& x, const RowVectorD& x_o, const RowVectorD& sd) {
  require_shape("mae_zscored_distance: x_o", x_o, 1, x.cols());
  require_shape("mae_zscored_distance: sd", sd, 1, x.cols());
  for (Index d = 0; d < sd.size(); ++d)
    if (!(sd[d] > 0)) throw ValueError("mae_zscored_distance: sd of dimension " + std::to_string(d + 1) +
                                       " is " + std::to_string(sd[d]) + " (need > 0)");
  VectorD out(x.rows());
  for (Index i = 0; i < x.rows(); ++i)
    out[i] = ((x.row(i) - x_o).array().abs() / sd.array()).sum() / static_cast<double>(x.cols());
  return out;
}

namespace {
double mean_kernel(const double* a, Index m, const double* b, Index n, Index k, double gamma) {
  double s = 0.0;
  for (Index i = 0; i < m; ++i)
    for (Index j = 0; j < n; ++j) {
      double q = 0.0;
      for (Index d = 0; d < k; ++d) {
        const double diff = a[i * k + d] - b[j * k + d];
        q += diff * diff;
      }
      s += std::exp(-gamma * q);
    }
  return s / static_cast<double>(m * n);
}
}  // namespace

double mmd_squared_biased(const MatrixD& a, const MatrixD& b, double gamma) {
  if (a.cols() != b.cols() || a.rows() == 0 || b.rows() == 0)
    throw ShapeError("mmd_squared_biased: sets of shape " + shape_of(a) + " and " + shape_of(b));
  const Index k = a.cols();
  return mean_kernel(a.data(), a.rows(), a.data(), a.rows(), k, gamma) +
         mean_kernel(b.data(), b.rows(), b.data(), b.rows(), k, gamma) -
         2.0 * mean_kernel(a.data(), a.rows(), b.data(), b.rows(), k, gamma);
}

VectorD trial_mmd_distance(const MatrixD& x, const RowVectorD& x_o, Index num_trials, double gamma) {
  require_shape("trial_mmd_distance: x_o", x_o, 1, x.cols());
  if (num_trials < 1 || x.cols() % num_trials != 0)
    throw ShapeError("trial_mmd_distance: " + std::to_string(x.cols()) + " values are not " +
                     std::to_string(num_trials) + " equal trials");
  const Index k = x.cols() / num_trials;
  const double koo = mean_kernel(x_o.data(), num_trials, x_o.data(), num_trials, k, gamma);
  VectorD out(x.rows());
  parallel_for(x.rows(), 256, [&](Index begin, Index end) {
    for (Index i = begin; i < end; ++i) {
      const double* xi = x.row(i).data();
      out[i] = mean_kernel(xi, num_trials, xi, num_trials, k, gamma) + koo -
               2.0 * mean_kernel(xi, num_trials, x_o.data(), num_trials, k, gamma);
    }
  });
  return out;
}

double energy_score(const MatrixD& samples, const RowVectorD& y) {
  require_shape("energy_score: y", y, 1, samples.cols());
  const Index n = samples.rows();
  if (n == 0) throw ShapeError("energy_score: no samples");
  double first = 0.0, second = 0.0;
  for (Index i = 0; i < n; ++i) {
    first += (samples.row(i) - y).norm();
    for (Index j = i + 1; j < n; ++j) second += 2.0 * (samples.row(i) - samples.row(j)).norm();
  }
  const double nd = static_cast<double>(n);
  return first / nd - 0.5 * second / (nd * nd);
}

}  // namespace sbi::sim
