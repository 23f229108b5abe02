// NLTP, posterior-mean error and NRMSE (see point_metrics.hpp).
#include "diagnostics/point_metrics.hpp"

#include <cmath>

#include "core/errors.hpp"

namespace sbi::diagnostics {

double nltp(const VectorD& log_prob_at_truth) {
  if (log_prob_at_truth.size() == 0) throw ValueError("nltp: no log-probability values given");
  return -log_prob_at_truth.mean();
}

RowVectorD normalized_mean_errors(const MatrixD& reference, const MatrixD& approximate) {
  if (reference.cols() != approximate.cols())
    throw ShapeError("posterior mean error: reference samples have " + std::to_string(reference.cols()) +
                     " columns, approximate samples " + std::to_string(approximate.cols()));
  if (reference.rows() < 2 || approximate.rows() < 1)
    throw ValueError("posterior mean error needs at least 2 reference rows and 1 approximate row, got " +
                     std::to_string(reference.rows()) + " and " + std::to_string(approximate.rows()));
  require_finite("posterior mean error (reference)", reference);
  require_finite("posterior mean error (approximate)", approximate);
  const RowVectorD mean_ref = reference.colwise().mean();
  const RowVectorD mean_q = approximate.colwise().mean();
  RowVectorD out(reference.cols());
  for (Index d = 0; d < reference.cols(); ++d) {
    const double var = (reference.col(d).array() - mean_ref(d)).square().sum() / double(reference.rows() - 1);
    if (!(var > 0))
      throw ValueError("posterior mean error: reference column " + std::to_string(d) + " has zero spread");
    out(d) = (mean_q(d) - mean_ref(d)) / std::sqrt(var);
  }
  return out;
}

double posterior_mean_error(const MatrixD& reference, const MatrixD& approximate) {
  return normalized_mean_errors(reference, approximate).mean();
}

double nrmse(const MatrixD& reference, const MatrixD& approximate) {
  return std::sqrt(normalized_mean_errors(reference, approximate).array().square().mean());
}

}  // namespace sbi::diagnostics
