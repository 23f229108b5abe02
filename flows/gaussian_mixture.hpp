// A mixture of full-covariance Gaussians in D dimensions, given by its components' log-weights,
// means μ_k and precisions P_k = Σ_k⁻¹ (what an MDN outputs for one context, in y's units):
//   q(y) = Σ_k w_k N(y; μ_k, P_k⁻¹),   log N(y; μ, P⁻¹) = ½ log|P| − ½ (y − μ)ᵀ P (y − μ) − (D/2) log 2π.
// With the Cholesky factor P = L Lᵀ a draw is y = μ_k + L⁻ᵀ ε, ε ~ N(0, I), k ~ Categorical(w);
// row i of sample(n, seed) uses Rng(seed, i), so draws do not depend on the thread count.
#pragma once
#include <cstdint>
#include <vector>

#include "core/tensor.hpp"

namespace sbi::flows {

struct GaussianMixture {
  VectorD log_weights;                // K, normalised: logsumexp = 0
  std::vector<VectorD> means;         // K of D
  std::vector<MatrixD> precisions;    // K of D×D, symmetric positive definite

  Index dim() const { return means.empty() ? 0 : means[0].size(); }
  Index components() const { return static_cast<Index>(means.size()); }
  // ValueError unless the shapes agree and every precision is positive definite.
  void validate(const char* what) const;
  VectorD log_prob(const MatrixD& y) const;      // one value per row of y (n×D)
  MatrixD sample(Index n, std::uint64_t seed) const;
  MatrixD covariance(Index k) const;             // P_k⁻¹
};

// log N(y; μ, P⁻¹) for each row of y.
VectorD gaussian_log_prob(const MatrixD& y, const VectorD& mean, const MatrixD& precision);

}  // namespace sbi::flows
