// Uniformity tests for the rank statistics of simulation-based calibration (SBC). A rank r is
// the number of N posterior draws below the true value, so under a calibrated posterior r is
// uniform on {0, ..., N}.
//
// Chi-square: B bins, rank r in bin ⌊r·B/(N+1)⌋, expected probability p_b = (number of rank
//   values in bin b)/(N+1) (exact also when B does not divide N+1);
//     χ² = Σ_b (O_b - L·p_b)² / (L·p_b),   p-value = Q((B-1)/2, χ²/2)
//   with Q the regularised upper incomplete gamma function (χ² with B-1 degrees of freedom).
// Kolmogorov–Smirnov: D = max_k |F_L(k) - (k+1)/(N+1)| over rank values k (F_L the empirical CDF
//   of the L ranks, (k+1)/(N+1) the discrete uniform CDF); p-value from the Kolmogorov
//   distribution, Q_KS(λ) = 2 Σ_{j≥1} (-1)^{j-1} exp(-2 j² λ²), λ = (√L + 0.12 + 0.11/√L)·D
//   (Stephens' small-sample correction). For discrete ranks this p-value is conservative.
#pragma once
#include <vector>

#include "core/tensor.hpp"

namespace sbi::diagnostics {

struct UniformityTest {
  Index bins = 0;
  double chi_square = 0;
  double chi_square_pvalue = 1;
  double ks_statistic = 0;
  double ks_pvalue = 1;
};

// Bins used when none are asked for: about L/10 (expected count ≥ 10), between 2 and
// min(20, N+1).
Index default_rank_bins(Index num_ranks, Index num_posterior_samples);

// ranks: L values in {0..N}; ValueError when one is outside or L < 1. bins = 0: the default.
UniformityTest rank_uniformity(const VectorD& ranks, Index num_posterior_samples, Index bins = 0);

// Q(a, x) for a chi-square p-value with `dof` degrees of freedom.
double chi_square_pvalue(double chi_square, double dof);
// The Kolmogorov distribution's upper tail Q_KS(λ).
double kolmogorov_tail(double lambda);

}  // namespace sbi::diagnostics
