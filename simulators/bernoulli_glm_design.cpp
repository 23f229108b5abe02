// Bernoulli GLM stimulus, design matrix, prior precision and summaries (bernoulli_glm_design.hpp).
#include "simulators/bernoulli_glm_design.hpp"

#include <cmath>

#include "simulators/numpy_legacy_normal.hpp"

namespace sbi::sim {

const VectorD& bernoulli_glm_stimulus() {
  static const VectorD s = [] {
    const std::vector<double> v = numpy_randn(42, kGlmSteps);
    VectorD out(kGlmSteps);
    for (Index t = 0; t < kGlmSteps; ++t) out[t] = static_cast<double>(static_cast<float>(v[t]));
    return out;
  }();
  return s;
}

const MatrixD& bernoulli_glm_design_matrix() {
  static const MatrixD X = [] {
    const VectorD& s = bernoulli_glm_stimulus();
    MatrixD m = MatrixD::Zero(kGlmSteps, kGlmParams);
    for (Index t = 0; t < kGlmSteps; ++t) {
      m(t, 0) = 1.0;
      for (Index j = 0; j < kGlmParams - 1; ++j)
        if (t >= j) m(t, 1 + j) = s[t - j];
    }
    return m;
  }();
  return X;
}

Eigen::MatrixXd bernoulli_glm_prior_precision() {
  const Index M = kGlmParams - 1;
  Eigen::MatrixXd D = Eigen::MatrixXd::Identity(M, M);
  for (Index i = 1; i < M; ++i) D(i, i - 1) = -1.0;
  Eigen::MatrixXd F = D * D;
  for (Index i = 0; i < M; ++i) F(i, i) += std::sqrt(static_cast<double>(i) / static_cast<double>(M));
  Eigen::MatrixXd B = Eigen::MatrixXd::Zero(kGlmParams, kGlmParams);
  B(0, 0) = 0.5;
  B.bottomRightCorner(M, M) = F.transpose() * F;
  return B;
}

void bernoulli_glm_summaries(const double* y, double* x) {
  const VectorD& s = bernoulli_glm_stimulus();
  double count = 0.0;
  for (Index t = 0; t < kGlmSteps; ++t) count += y[t];
  x[0] = count;
  for (Index m = 0; m < kGlmParams - 1; ++m) {
    double c = 0.0;
    for (Index t = m; t < kGlmSteps; ++t) c += y[t] * s[t - m];
    x[1 + m] = c;
  }
}

}  // namespace sbi::sim
