// Batched log-density evaluation with shape checks and -∞ for non-finite values.
#include "mcmc/log_density.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/errors.hpp"

namespace sbi::mcmc {

namespace {
constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

// log p of every row through `value`, or through value_and_grad (gradient into grow-only
// scratch) when the density has only that.
void value_of(const LogDensity& density, ConstRowsD theta, ValuesD logp, MatrixD& grad_scratch) {
  if (density.value) {
    density.value(theta, logp);
  } else {
    reserve_rows(grad_scratch, theta.rows(), theta.cols());
    density.value_and_grad(theta, logp, grad_scratch.topRows(theta.rows()));
  }
}
}  // namespace

LogDensity log_density_from_rows(Index dim, std::function<double(const double* theta)> row_fn) {
  if (dim <= 0) throw ValueError("log_density_from_rows: dim must be positive, got " +
                                 std::to_string(dim));
  LogDensity d;
  d.dim = dim;
  d.value = [row_fn = std::move(row_fn)](ConstRowsD theta, ValuesD logp) {
    for (Index i = 0; i < theta.rows(); ++i) logp[i] = row_fn(theta.row(i).data());
  };
  return d;
}

VectorD evaluate(const LogDensity& density, const MatrixD& theta) {
  require_shape("log-density input", theta, -1, density.dim);
  VectorD logp(theta.rows());
  MatrixD grad_scratch;
  value_of(density, theta, logp, grad_scratch);
  return logp;
}

VectorD evaluate_with_gradient(const LogDensity& density, const MatrixD& theta, MatrixD& grad) {
  require_shape("log-density input", theta, -1, density.dim);
  if (!density.value_and_grad)
    throw ValueError("log-density has no value_and_grad function");
  VectorD logp(theta.rows());
  grad.resize(theta.rows(), theta.cols());
  density.value_and_grad(theta, logp, grad);
  return logp;
}

namespace {
template <class Grad>
void sanitize(ValuesD logp, Grad* grad) {
  for (Index i = 0; i < logp.size(); ++i) {
    bool bad = !std::isfinite(logp[i]);
    if (grad != nullptr && !bad) bad = !grad->row(i).allFinite();
    if (bad) {
      logp[i] = kMinusInf;
      if (grad != nullptr) grad->row(i).setZero();
    }
  }
}
}  // namespace

void sanitize_log_density(ValuesD logp) { sanitize<RowsD>(logp, nullptr); }
void sanitize_log_density(ValuesD logp, RowsD grad) { sanitize(logp, &grad); }

DensityEvaluator::DensityEvaluator(const LogDensity& density) : density_(density) {
  if (density.dim <= 0)
    throw ValueError("mcmc: log-density dimension must be positive, got " +
                     std::to_string(density.dim));
  if (!density.value && !density.value_and_grad)
    throw ValueError("mcmc: log-density has neither a value nor a value_and_grad function");
}

void DensityEvaluator::value(ConstRowsD theta, ValuesD logp) {
  require_shape("mcmc log-density input", theta, -1, density_.dim);
  require_shape("mcmc log-density output", logp, theta.rows(), 1);
  ++calls_;
  rows_ += theta.rows();
  value_of(density_, theta, logp, unused_grad_);
  sanitize_log_density(logp);
}

void DensityEvaluator::value_and_grad(ConstRowsD theta, ValuesD logp, RowsD grad) {
  require_shape("mcmc log-density input", theta, -1, density_.dim);
  require_shape("mcmc log-density output", logp, theta.rows(), 1);
  require_shape("mcmc log-density gradient", grad, theta.rows(), theta.cols());
  if (!density_.value_and_grad)
    throw ValueError("mcmc: this sampler needs gradients but the log-density has no "
                     "value_and_grad function");
  ++calls_;
  rows_ += theta.rows();
  density_.value_and_grad(theta, logp, grad);
  sanitize_log_density(logp, grad);
}

void DensityEvaluator::value_rows(const MatrixD& points, const std::vector<Index>& rows,
                                  VectorD& out) {
  if (rows.empty()) return;
  const Index n = static_cast<Index>(rows.size());
  reserve_rows(gather_, n, points.cols());
  reserve_rows(gather_logp_, n);
  for (Index k = 0; k < n; ++k) gather_.row(k) = points.row(rows[k]);
  value(gather_.topRows(n), gather_logp_.head(n));
  for (Index k = 0; k < n; ++k) out[rows[k]] = gather_logp_[k];
}

}  // namespace sbi::mcmc
