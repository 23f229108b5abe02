// Point metrics of a posterior approximation against the truth or a reference posterior.
//
// NLTP (sbibm, Lueckmann et al. 2021): the negative log probability of the true parameters
// under the approximate posterior,  NLTP = -log q(θ* | x_o);  only meaningful for a normalised
// density (NPE). Averaged over observations by the caller.
//
// Posterior-mean error (sbibm/metrics/moments.py, posterior_mean_error): with μ_q, μ_ref the
// means of approximate and reference samples and σ_ref the reference sd per dimension,
//   PME = (1/D) Σ_d (μ_q,d - μ_ref,d) / σ_ref,d      (signed, despite its docstring).
// sbibm defines no function called NRMSE; ours is the root mean square of the same normalised
// errors, so that errors of opposite sign do not cancel:
//   NRMSE = sqrt( (1/D) Σ_d ((μ_q,d - μ_ref,d) / σ_ref,d)² ).
// σ_ref uses the unbiased (n - 1) variance, as torch.std does.
#pragma once
#include "core/tensor.hpp"

namespace sbi::diagnostics {

// -log q(θ*) from the log density value(s) at the true parameters (mean if several).
double nltp(const VectorD& log_prob_at_truth);

// Per-dimension (μ_q,d - μ_ref,d) / σ_ref,d; ShapeError when widths differ, ValueError when a
// sample has fewer than 2 rows or a reference sd is zero.
RowVectorD normalized_mean_errors(const MatrixD& reference, const MatrixD& approximate);

double posterior_mean_error(const MatrixD& reference, const MatrixD& approximate);
double nrmse(const MatrixD& reference, const MatrixD& approximate);

}  // namespace sbi::diagnostics
