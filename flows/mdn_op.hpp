// Log-density of a mixture of K full-covariance Gaussians in D dimensions, as one tape op.
// Each component is parameterised by its mean μ_k and the upper-triangular Cholesky factor
// U_k of its precision (Σ_k⁻¹ = U_kᵀU_k) with a positive diagonal U_ii = exp(a_ii):
//   log q(y) = logsumexp_k [ log π_k + Σ_i a_ii - ½‖U_k(y - μ_k)‖² ] - (D/2) log 2π,
//   log π = log_softmax(logits).
// Inputs per row: logits (K), means (K·D, component-major), factors (K·D(D+1)/2: per
// component the D raw diagonal entries a_ii, then the strictly upper entries row by row).
// Backward (with responsibilities w_k = softmax_k of the component terms, v = U r, r = y - μ):
//   ∂/∂logit_k = w_k - π_k;  ∂/∂U_ij = -w_k v_i r_j;  ∂/∂a_ii adds w_k;
//   ∂/∂y = -Σ_k w_k U_kᵀ v_k = -∂/∂μ summed over components.
#pragma once
#include "core/tape.hpp"

namespace sbi::flows {

inline Index mdn_factor_count(Index d) { return d * (d + 1) / 2; }

// y: n×D; logits: n×K; means: n×KD; factors: n×K·D(D+1)/2 → n×1.
ad::Var mdn_log_prob(ad::Var y, ad::Var logits, ad::Var means, ad::Var factors);

// The upper-triangular U of component k of one row (from its raw factor entries).
MatrixD mdn_precision_factor(const float* factors_row, Index k, Index d);

}  // namespace sbi::flows
