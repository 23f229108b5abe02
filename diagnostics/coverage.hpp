// Expected coverage of credible regions. For each of L pairs (θ*, x*) with θ* ~ p(θ),
// x* ~ p(x | θ*), and N posterior draws θ_j ~ q(θ | x*), a statistic u ∈ (0, 1) says how deep
// inside the posterior θ* lies; θ* is inside the α credible region iff u < α, so
//   coverage(α) = (1/L) Σ_i [u_i < α],
// and a calibrated posterior has coverage(α) = α (the diagonal). Under-coverage (below the
// diagonal) means overconfidence.
//   With a density (highest-density regions): m = #{j : log q(θ_j) > log q(θ*)} + ½#{ties},
//     u = (m + ½)/(N + 1): the posterior mass denser than θ*.
//   Without one (central marginal intervals, per dimension d): with the SBC rank
//     r = #{j : θ_j,d < θ*_d}, f = (r + ½)/(N + 1), u = |2f - 1|; the curve averages over d.
// Both u are uniform on the N+1 midpoints under calibration, so |coverage(α) - α| has a
// discretisation part of at most ½/(N + 1) beside the binomial noise √(α(1-α)/L).
#pragma once
#include "core/tensor.hpp"

namespace sbi::diagnostics {

// u for one pair from log q at the draws and at θ*.
double hpd_statistic(const VectorD& log_prob_draws, double log_prob_truth);
// u per dimension from SBC ranks (L × D) → L × D.
MatrixD marginal_statistics(const MatrixD& ranks, Index num_posterior_samples);

struct CoverageCurve {
  VectorD levels;    // α
  VectorD coverage;  // empirical coverage at each α
  double max_deviation = 0;  // max |coverage - α|
  double signed_area = 0;    // mean (coverage - α): < 0 overconfident, > 0 underconfident
};

// Levels α_k = k/K for k = 1..K-1; every entry of `statistics` (any shape) is one u.
CoverageCurve expected_coverage(const MatrixD& statistics, Index num_levels = 20);

}  // namespace sbi::diagnostics
