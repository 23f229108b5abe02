// Distances between paired rows, d(x_i, t_i), as ACE's training labels need them: each
// simulation x_i is compared with a target t_i drawn from the target set.
//   mse:          d = (1/D) Σ_d (x_d - t_d)²
//   mae_zscored:  d = (1/D) Σ_d |x_d - t_d| / s_d
//   trial_mmd:    biased MMD² between the trials of x_i and of t_i (kernel exp(-γ‖a - b‖²))
//   trial_energy: energy distance between the trial sets A (of x_i) and B (of t_i),
//                 2 E‖A - B‖ - E‖A - A'‖ - E‖B - B'‖ (V-statistics; twice the energy score
//                 ES(A, b) = E‖A - b‖ - ½E‖A - A'‖ averaged over b ∈ B, minus ½E‖B - B'‖)
// A distance on (rows, one observation) — e.g. a task's — is adapted by calling it per row.
#pragma once
#include <functional>
#include <string>

#include "core/tensor.hpp"

namespace sbi::inference {

struct PairDistance {
  std::string name;
  // out(i) = d(x.row(i), t.row(i)); x and t have the same shape, out has x.rows() entries
  // (sized by the caller). Row blocks bind without a copy, so ACE's training step can pass
  // blocks of grow-only buffers and allocate nothing.
  std::function<void(ConstRowsD x, ConstRowsD t, ValuesD out)> pairwise;

  VectorD operator()(const MatrixD& x, const MatrixD& t) const;
  // d(x.row(i), x_o) for every row.
  VectorD to_observation(const MatrixD& x, const RowVectorD& x_o) const;
};

PairDistance mse_pair_distance();
PairDistance mae_zscored_pair_distance(const RowVectorD& sd);
PairDistance trial_mmd_pair_distance(Index num_trials, double gamma);
PairDistance trial_energy_pair_distance(Index num_trials);
// Adapts a distance to one observation (n rows, x_o) → n values.
PairDistance pair_distance_from(
    const std::string& name,
    std::function<VectorD(const MatrixD& x, const RowVectorD& x_o)> distance);

}  // namespace sbi::inference
