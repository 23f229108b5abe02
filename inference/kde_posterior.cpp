// Gaussian-KDE smoothing of ABC samples (see kde_posterior.hpp).
#include "inference/kde_posterior.hpp"

#include <cmath>
#include <vector>

#include <Eigen/Cholesky>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"

namespace sbi::inference {

namespace {
constexpr int kMaxRedraws = 1000;  // per draw, before the atom itself is returned
}

KdePosterior::KdePosterior(MatrixD theta, VectorD weights, sim::PriorPtr prior, std::string description,
                           KdeBandwidth rule, KdeKernel kernel)
    : theta_(std::move(theta)), weights_(std::move(weights)), prior_(std::move(prior)),
      description_(std::move(description)) {
  const Index n = theta_.rows(), d = theta_.cols();
  if (n < 1) throw ValueError("KDE posterior: no atoms");
  require_shape("KDE posterior: weights", weights_, n, 1);
  require_finite("KDE posterior: atoms", theta_);
  if (!prior_ || prior_->dim() != d) throw ShapeError("KDE posterior: the prior's dimension differs from the atoms'");
  if ((weights_.array() < 0).any() || !(weights_.sum() > 0))
    throw ValueError("KDE posterior: weights must be non-negative with a positive sum");
  weights_ /= weights_.sum();
  const RowVectorD mean = weights_.transpose() * theta_;
  const MatrixD centred = theta_.rowwise() - mean;
  MatrixD cov = centred.transpose() * weights_.asDiagonal() * centred;
  if (kernel == KdeKernel::isotropic) cov = MatrixD::Identity(d, d) * (cov.trace() / double(d));
  bandwidth_ = scott_bandwidth(weights_, d);
  if (rule == KdeBandwidth::cross_validated) {
    Eigen::LDLT<MatrixD> ldlt(cov);
    if (ldlt.info() == Eigen::Success && (ldlt.vectorD().array() > 1e-300).all())
      bandwidth_ = cross_validated_bandwidth(theta_, weights_, ldlt.solve(MatrixD::Identity(d, d)));
  }
  cov *= bandwidth_ * bandwidth_;
  // A single atom (or collinear atoms) has a singular covariance: add jitter until it factors.
  double jitter = 1e-12 * std::max(1.0, cov.diagonal().maxCoeff());
  for (int attempt = 0; attempt < 30; ++attempt) {
    Eigen::LLT<MatrixD> llt(cov);
    if (llt.info() == Eigen::Success) {
      kernel_cholesky_ = llt.matrixL();
      return;
    }
    cov.diagonal().array() += jitter;
    jitter *= 10;
  }
  throw ValueError("KDE posterior: the kernel covariance is not positive definite");
}

MatrixD KdePosterior::sample(Index n, std::uint64_t seed) const {
  if (n <= 0) throw ValueError("KDE posterior: the number of samples must be positive");
  const Index d = theta_.cols();
  MatrixD out(n, d);
  const std::vector<double> w(weights_.data(), weights_.data() + weights_.size());
  parallel_for(n, 256, [&](Index begin, Index end) {
    VectorD noise(d);
    for (Index i = begin; i < end; ++i) {
      Rng rng(seed, static_cast<std::uint64_t>(i));  // draw i has its own stream
      const Index atom = static_cast<Index>(rng.categorical(w));
      out.row(i) = theta_.row(atom);
      for (int attempt = 0; attempt < kMaxRedraws; ++attempt) {
        for (Index k = 0; k < d; ++k) noise(k) = rng.normal();
        const RowVectorD candidate = theta_.row(atom) + (kernel_cholesky_ * noise).transpose();
        if (prior_->in_support_one(candidate.data())) {
          out.row(i) = candidate;
          break;
        }
      }
    }
  });
  return out;
}

}  // namespace sbi::inference
