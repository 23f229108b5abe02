// Multivariate Gaussian prior (formulas in prior_gaussian.hpp).
#include "simulators/prior_gaussian.hpp"

#include <cmath>
#include <limits>
#include <numbers>
#include <vector>
#include <sstream>

#include "core/errors.hpp"

namespace sbi::sim {

namespace {
Eigen::MatrixXd spd_inverse(const Eigen::MatrixXd& m, const char* what) {
  Eigen::LLT<Eigen::MatrixXd> llt(m);
  if (llt.info() != Eigen::Success)
    throw ValueError(std::string("GaussianPrior: the ") + what + " matrix is not symmetric positive definite");
  return llt.solve(Eigen::MatrixXd::Identity(m.rows(), m.cols()));
}
}  // namespace

GaussianPrior::GaussianPrior(VectorD mean, const Eigen::MatrixXd& matrix, Form form)
    : mean_(std::move(mean)) {
  const Index d = mean_.size();
  if (d == 0) throw ShapeError("GaussianPrior: empty mean");
  require_shape("GaussianPrior: covariance/precision", matrix, d, d);
  if (!mean_.allFinite() || !matrix.allFinite())
    throw ValueError("GaussianPrior: mean and matrix must be finite");
  if ((matrix - matrix.transpose()).cwiseAbs().maxCoeff() > 1e-10 * (1.0 + matrix.cwiseAbs().maxCoeff()))
    throw ValueError("GaussianPrior: the matrix is not symmetric");
  if (form == Form::covariance) {
    covariance_ = matrix;
    precision_ = spd_inverse(matrix, "covariance");
  } else {
    precision_ = matrix;
    covariance_ = spd_inverse(matrix, "precision");
    covariance_ = 0.5 * (covariance_ + covariance_.transpose());
  }
  Eigen::LLT<Eigen::MatrixXd> llt(covariance_);
  if (llt.info() != Eigen::Success) throw ValueError("GaussianPrior: covariance is not positive definite");
  chol_ = llt.matrixL();
  log_norm_ = -0.5 * static_cast<double>(d) * std::log(2.0 * std::numbers::pi);
  for (Index i = 0; i < d; ++i) log_norm_ -= std::log(chol_(i, i));
}

GaussianPrior GaussianPrior::isotropic(Index dim, double mean, double variance) {
  if (!(variance > 0)) throw ValueError("GaussianPrior::isotropic: variance must be > 0, got " + std::to_string(variance));
  return GaussianPrior(VectorD::Constant(dim, mean), variance * Eigen::MatrixXd::Identity(dim, dim));
}

std::string GaussianPrior::describe() const {
  std::ostringstream s;
  s << "Gaussian(dim " << dim() << ")";
  return s.str();
}

void GaussianPrior::sample_one(double* theta, Rng& rng) const {
  const Index d = dim();
  double eps[64];
  std::vector<double> heap;
  double* e = eps;
  if (d > 64) {
    heap.resize(static_cast<std::size_t>(d));
    e = heap.data();
  }
  for (Index i = 0; i < d; ++i) e[i] = rng.normal();
  for (Index i = 0; i < d; ++i) {
    double v = mean_[i];
    for (Index j = 0; j <= i; ++j) v += chol_(i, j) * e[j];
    theta[i] = v;
  }
}

double GaussianPrior::log_prob_one(const double* theta) const {
  const Index d = dim();
  // Forward substitution: solve L u = θ - μ.
  double buf[64];
  std::vector<double> heap;
  double* u = buf;
  if (d > 64) {
    heap.resize(static_cast<std::size_t>(d));
    u = heap.data();
  }
  double q = 0.0;
  for (Index i = 0; i < d; ++i) {
    double v = theta[i] - mean_[i];
    for (Index j = 0; j < i; ++j) v -= chol_(i, j) * u[j];
    u[i] = v / chol_(i, i);
    q += u[i] * u[i];
  }
  return std::isfinite(q) ? log_norm_ - 0.5 * q : -std::numeric_limits<double>::infinity();
}

bool GaussianPrior::in_support_one(const double* theta) const {
  for (Index i = 0; i < dim(); ++i)
    if (!std::isfinite(theta[i])) return false;
  return true;
}

void GaussianPrior::to_unconstrained_one(const double* theta, double* z) const {
  for (Index i = 0; i < dim(); ++i) z[i] = theta[i];
}

double GaussianPrior::from_unconstrained_one(const double* z, double* theta) const {
  for (Index i = 0; i < dim(); ++i) theta[i] = z[i];
  return 0.0;
}

// ∇_θ log p(θ) = -P(θ - μ), P = Σ^{-1}.
void GaussianPrior::log_prob_gradient_one(const double* theta, double* grad) const {
  const Index d = dim();
  for (Index i = 0; i < d; ++i) {
    double v = 0.0;
    for (Index j = 0; j < d; ++j) v -= precision_(i, j) * (theta[j] - mean_[j]);
    grad[i] = v;
  }
}

// Identity bijection: the gradient passes through unchanged.
void GaussianPrior::pullback_gradient_one(const double*, const double* grad_theta, double* grad_z) const {
  for (Index i = 0; i < dim(); ++i) grad_z[i] = grad_theta[i];
}

VectorD GaussianPrior::sd() const { return covariance_.diagonal().cwiseSqrt(); }

}  // namespace sbi::sim
