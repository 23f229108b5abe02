// Bandwidth selection for the Gaussian KDE of ABC samples (kde_posterior.hpp). The kernel is
// h²Σ with Σ the weighted covariance of the atoms, and h is chosen by
//   - Scott's rule: h = n_eff^(−1/(D+4)), n_eff = 1 / Σ w_i² (normalised weights), or
//   - K-fold cross-validation (sbibm's default for ABC, "cv"): the h on a grid that maximises
//     the held-out log-likelihood
//         CV(h) = Σ_f Σ_{i∈f} w_i · log[ Σ_{j∉f} w_j N(θ_i; θ_j, h²Σ) / Σ_{j∉f} w_j ],
//     with fold f = {i : i mod K = f}, K = min(20, n). Scott's rule assumes a Gaussian
//     posterior and over-smooths curved ones (two_moons' crescent); cross-validation does not.
#pragma once
#include "core/tensor.hpp"

namespace sbi::inference {

enum class KdeBandwidth { scott, cross_validated };

// Scott's factor for normalised weights w.
double scott_bandwidth(const VectorD& weights, Index dim);

// The cross-validated factor on a geometric grid of `grid_points` values in [h_min, h_max].
// theta: n × D atoms; weights: normalised; sigma_inverse: Σ⁻¹ (D × D). Falls back to Scott's
// rule for fewer than 4 atoms; above 2,000 atoms the grid search runs on an evenly strided
// subset of 2,000 and the result is rescaled by (n_eff_subset / n_eff)^(1/(D+4)).
double cross_validated_bandwidth(const MatrixD& theta, const VectorD& weights, const MatrixD& sigma_inverse,
                                 double h_min = 0.005, double h_max = 2.0, int grid_points = 50);

}  // namespace sbi::inference
