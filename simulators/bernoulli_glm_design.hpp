// The fixed inputs of the Bernoulli GLM task, rebuilt exactly as sbibm generated them:
//   stimulus s_t = float32(np.random.RandomState(42).randn(100)[t]), t = 0..99 (white noise);
//   design matrix X (100 × 10): X[t, 0] = 1, X[t, 1 + j] = s_{t-j} for t ≥ j, else 0 (j = 0..8),
//   so (Xθ)_t = θ_1 + Σ_j θ_{2+j} s_{t-j} is the stimulus filtered by θ_2..θ_10.
// Summaries (sbibm): x = [Σ_t y_t, c_0..c_8] with c_m = Σ_{t=m}^{99} y_t s_{t-m}: the last 9
//   outputs of PyTorch conv1d(y, s, padding 8) (cross-correlation, length 17). Note c = X[:,1:]ᵀ y,
//   so x = Xᵀ y is sufficient and log p(y | θ) = θ·x - Σ_t log(1 + e^{(Xθ)_t}).
// Prior precision B (10 × 10): B[0,0] = 0.5; M = 9, D = I - (ones on the first sub-diagonal),
//   F = D·D + diag(sqrt(i/M)), i = 0..M-1; B[1:,1:] = Fᵀ F.
#pragma once
#include <string>

#include "core/tensor.hpp"

namespace sbi::sim {

constexpr Index kGlmSteps = 100;
constexpr Index kGlmParams = 10;

const VectorD& bernoulli_glm_stimulus();       // 100 values
const MatrixD& bernoulli_glm_design_matrix();  // 100 × 10
Eigen::MatrixXd bernoulli_glm_prior_precision();

// The 10 summaries of a spike train y (100 values of 0/1).
void bernoulli_glm_summaries(const double* y, double* x);

}  // namespace sbi::sim
