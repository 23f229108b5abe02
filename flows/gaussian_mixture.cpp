// Gaussian mixtures (see gaussian_mixture.hpp).
#include "flows/gaussian_mixture.hpp"

#include <Eigen/Cholesky>
#include <cmath>
#include <numbers>
#include <string>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"

namespace sbi::flows {

namespace {

Eigen::LLT<MatrixD> checked_cholesky(const MatrixD& precision, const std::string& what) {
  Eigen::LLT<MatrixD> llt(precision);
  if (llt.info() != Eigen::Success || !llt.matrixL().toDenseMatrix().diagonal().allFinite())
    throw ValueError(what + ": the precision matrix is not positive definite");
  return llt;
}

}  // namespace

VectorD gaussian_log_prob(const MatrixD& y, const VectorD& mean, const MatrixD& precision) {
  require_shape("gaussian_log_prob: y", y, -1, mean.size());
  const Eigen::LLT<MatrixD> llt = checked_cholesky(precision, "gaussian_log_prob");
  const MatrixD lower = llt.matrixL();
  const double log_det = 2.0 * lower.diagonal().array().log().sum();  // log|P|
  const double log_norm = 0.5 * log_det - 0.5 * double(mean.size()) * std::log(2.0 * std::numbers::pi);
  const MatrixD centred = y.rowwise() - mean.transpose();
  const MatrixD v = centred * lower;  // row i: (Lᵀ r_i)ᵀ, ‖Lᵀ r‖² = rᵀ P r
  return (log_norm - 0.5 * v.rowwise().squaredNorm().array()).matrix();
}

void GaussianMixture::validate(const char* what) const {
  const Index k = components(), d = dim();
  if (k < 1) throw ValueError(std::string(what) + ": a Gaussian mixture needs at least one component");
  if (log_weights.size() != k || static_cast<Index>(precisions.size()) != k)
    throw ShapeError(std::string(what) + ": " + std::to_string(k) + " means but " +
                     std::to_string(log_weights.size()) + " weights and " + std::to_string(precisions.size()) +
                     " precisions");
  for (Index c = 0; c < k; ++c) {
    const std::string name = std::string(what) + ", component " + std::to_string(c);
    require_shape(name + " mean", MatrixD(means[static_cast<std::size_t>(c)]), d, 1);
    require_shape(name + " precision", precisions[static_cast<std::size_t>(c)], d, d);
    checked_cholesky(precisions[static_cast<std::size_t>(c)], name);
  }
}

VectorD GaussianMixture::log_prob(const MatrixD& y) const {
  const Index k = components();
  MatrixD terms(y.rows(), k);
  for (Index c = 0; c < k; ++c)
    terms.col(c) = gaussian_log_prob(y, means[static_cast<std::size_t>(c)], precisions[static_cast<std::size_t>(c)]).array() + log_weights(c);
  VectorD out(y.rows());
  for (Index i = 0; i < y.rows(); ++i) {
    const double top = terms.row(i).maxCoeff();
    out(i) = top + std::log((terms.row(i).array() - top).exp().sum());
  }
  return out;
}

MatrixD GaussianMixture::sample(Index n, std::uint64_t seed) const {
  if (n < 0) throw ValueError("GaussianMixture::sample: n must be >= 0");
  const Index k = components(), d = dim();
  std::vector<MatrixD> lower;  // L_k with P_k = L_k L_kᵀ
  for (Index c = 0; c < k; ++c) lower.push_back(checked_cholesky(precisions[static_cast<std::size_t>(c)], "GaussianMixture::sample").matrixL());
  std::vector<double> probs(static_cast<std::size_t>(k));
  for (Index c = 0; c < k; ++c) probs[static_cast<std::size_t>(c)] = std::exp(log_weights(c) - log_weights.maxCoeff());
  MatrixD out(n, d);
  parallel_for(n, 256, [&](Index b, Index e) {
    VectorD eps(d);
    for (Index i = b; i < e; ++i) {
      Rng rng(seed, static_cast<std::uint64_t>(i));
      const auto c = static_cast<Index>(rng.categorical(probs));
      for (Index j = 0; j < d; ++j) eps(j) = rng.normal();
      const VectorD offset = lower[static_cast<std::size_t>(c)].transpose().triangularView<Eigen::Upper>().solve(eps);
      out.row(i) = (means[static_cast<std::size_t>(c)] + offset).transpose();
    }
  });
  return out;
}

MatrixD GaussianMixture::covariance(Index k) const {
  return checked_cholesky(precisions[static_cast<std::size_t>(k)], "GaussianMixture::covariance")
      .solve(MatrixD::Identity(dim(), dim()));
}

}  // namespace sbi::flows
