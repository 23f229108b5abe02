// Distances between paired rows, d(x_i, t_i), as ACE's training labels need them: each
// simulation x_i is compared with a target t_i drawn from the target set.
//   mse:          d = (1/D) Σ_d (x_d - t_d)²
//   mae_zscored:  d = (1/D) Σ_d |x_d - t_d| / s_d
//   trial_mmd:    biased MMD² between the trials of x_i and of t_i (kernel exp(-γ‖a - b‖²))
//   trial_energy: energy distance between the trial sets A (of x_i) and B (of t_i),
//                 2 E‖A - B‖ - E‖A - A'‖ - E‖B - B'‖ (V-statistics; twice the energy score
//                 ES(A, b) = E‖A - b‖ - ½E‖A - A'‖ averaged over b ∈ B, minus ½E‖B - B'‖)
// A distance on (rows, one observation) — e.g. a task's — is adapted by calling it per row.
// A distance's name and `parameters` (mae_zscored: its scales s_d) are what a model file
// stores to rebuild it (pair_distance_from_parameters).
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
  // What rebuilds it together with `name` (mae_zscored: the scales s_d); empty when the name
  // alone does (mse) or when it cannot be rebuilt from stored values (a task's own distance).
  RowVectorD parameters;
  // For a distance that is the mean of per-value terms, d = (1/D) Σ_d term_d(x, t), the terms:
  // out(i, d) = term_d(x.row(i), t.row(i)) (mse: (x_d - t_d)²; mae_zscored: |x_d - t_d| / s_d),
  // out sized x.rows() × x.cols() by the caller. Empty for distances that are not such a mean
  // (trial_mmd, trial_energy, a task's own). ACE's per-term option learns each term separately.
  std::function<void(ConstRowsD x, ConstRowsD t, RowsD out)> terms;

  VectorD operator()(const MatrixD& x, const MatrixD& t) const;
  // d(x.row(i), x_o) for every row.
  VectorD to_observation(const MatrixD& x, const RowVectorD& x_o) const;
};

PairDistance mse_pair_distance();
PairDistance mae_zscored_pair_distance(const RowVectorD& sd);
PairDistance trial_mmd_pair_distance(Index num_trials, double gamma);
PairDistance trial_energy_pair_distance(Index num_trials);
// Rebuilds a distance from its name and parameters, as a model file stores them: mse (no
// parameters) and mae_zscored (its scales). ValueError for any other name or a wrong count.
PairDistance pair_distance_from_parameters(const std::string& name, const RowVectorD& parameters);
// Adapts a distance to one observation (n rows, x_o) → n values.
PairDistance pair_distance_from(
    const std::string& name,
    std::function<VectorD(const MatrixD& x, const RowVectorD& x_o)> distance);

}  // namespace sbi::inference
