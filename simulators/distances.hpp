// Distances d(x, x_o) between simulations and an observation, for amortized cost estimation
// (ACE) and generalized Bayesian inference. Each takes rows x (n × D) and one x_o (1 × D).
//   mse:            d = (1/D) Σ_d (x_d - x_o,d)²
//   mae_zscored:    d = (1/D) Σ_d |x_d - x_o,d| / s_d       (s_d: sd over training simulations)
//   trial MMD:      x holds T trials of k values (trial-major); between the sets {a_i}, {b_j}
//                   biased (V-statistic) MMD² = mean k(a_i,a_i') + mean k(b_j,b_j') - 2 mean k(a_i,b_j)
//                   with k(a, b) = Π_d exp(-γ (a_d - b_d)²) = exp(-γ‖a - b‖²), γ = 0.01 for the task.
//   energy score:   ES(F, y) = E‖X - y‖ - ½ E‖X - X'‖ for samples X, X' of F (rows of `samples`),
//                   estimated with all pairs (V-statistic, i = j terms included as zeros).
#pragma once
#include "core/tensor.hpp"

namespace sbi::sim {

VectorD mse_distance(const MatrixD& x, const RowVectorD& x_o);
VectorD mae_zscored_distance(const MatrixD& x, const RowVectorD& x_o, const RowVectorD& sd);

// Biased MMD² between two trial sets a (m × k) and b (n × k), kernel exp(-gamma ‖a - b‖²).
double mmd_squared_biased(const MatrixD& a, const MatrixD& b, double gamma);
// Per row of x (num_trials·k values, trial-major): MMD² between its trials and x_o's trials.
VectorD trial_mmd_distance(const MatrixD& x, const RowVectorD& x_o, Index num_trials, double gamma);

double energy_score(const MatrixD& samples, const RowVectorD& y);

}  // namespace sbi::sim
