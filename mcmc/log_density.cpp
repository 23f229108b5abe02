// Batched log-density evaluation with shape checks and -∞ for non-finite values.
#include "mcmc/log_density.hpp"

#include <cmath>
#include <limits>

#include "core/errors.hpp"

namespace sbi::mcmc {

namespace {
constexpr double kMinusInf = -std::numeric_limits<double>::infinity();
}

LogDensity log_density_from_rows(Index dim, std::function<double(const double* theta)> row_fn) {
  if (dim <= 0) throw ValueError("log_density_from_rows: dim must be positive, got " +
                                 std::to_string(dim));
  LogDensity d;
  d.dim = dim;
  d.value = [row_fn = std::move(row_fn)](const MatrixD& theta, VectorD& logp) {
    logp.resize(theta.rows());
    for (Index i = 0; i < theta.rows(); ++i) logp[i] = row_fn(theta.row(i).data());
  };
  return d;
}

void sanitize_log_density(VectorD& logp, MatrixD* grad) {
  for (Index i = 0; i < logp.size(); ++i) {
    bool bad = !std::isfinite(logp[i]);
    if (grad != nullptr && !bad) bad = !grad->row(i).allFinite();
    if (bad) {
      logp[i] = kMinusInf;
      if (grad != nullptr) grad->row(i).setZero();
    }
  }
}

DensityEvaluator::DensityEvaluator(const LogDensity& density) : density_(density) {
  if (density.dim <= 0)
    throw ValueError("mcmc: log-density dimension must be positive, got " +
                     std::to_string(density.dim));
  if (!density.value && !density.value_and_grad)
    throw ValueError("mcmc: log-density has neither a value nor a value_and_grad function");
}

void DensityEvaluator::value(const MatrixD& theta, VectorD& logp) {
  require_shape("mcmc log-density input", theta, -1, density_.dim);
  ++calls_;
  rows_ += theta.rows();
  if (density_.value) {
    density_.value(theta, logp);
  } else {
    MatrixD grad(theta.rows(), theta.cols());
    density_.value_and_grad(theta, logp, grad);
  }
  if (logp.size() != theta.rows())
    throw ShapeError("mcmc log-density returned " + std::to_string(logp.size()) +
                     " values for " + std::to_string(theta.rows()) + " rows");
  sanitize_log_density(logp, nullptr);
}

void DensityEvaluator::value_and_grad(const MatrixD& theta, VectorD& logp, MatrixD& grad) {
  require_shape("mcmc log-density input", theta, -1, density_.dim);
  if (!density_.value_and_grad)
    throw ValueError("mcmc: this sampler needs gradients but the log-density has no "
                     "value_and_grad function");
  ++calls_;
  rows_ += theta.rows();
  grad.resize(theta.rows(), theta.cols());
  density_.value_and_grad(theta, logp, grad);
  if (logp.size() != theta.rows())
    throw ShapeError("mcmc log-density returned " + std::to_string(logp.size()) +
                     " values for " + std::to_string(theta.rows()) + " rows");
  require_shape("mcmc log-density gradient", grad, theta.rows(), theta.cols());
  sanitize_log_density(logp, &grad);
}

void DensityEvaluator::value_rows(const MatrixD& points, const std::vector<Index>& rows,
                                  VectorD& out) {
  if (rows.empty()) return;
  const Index n = static_cast<Index>(rows.size());
  gather_.resize(n, points.cols());
  for (Index k = 0; k < n; ++k) gather_.row(k) = points.row(rows[k]);
  value(gather_, gather_logp_);
  for (Index k = 0; k < n; ++k) out[rows[k]] = gather_logp_[k];
}

}  // namespace sbi::mcmc
