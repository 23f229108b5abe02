// `sbi cost` as a library call: a trained ACE cost network (or ensemble) evaluated at given θ
// rows for given observation rows, without MCMC: ĉ(θ, x_o) ≈ E[d(x, x_o) | θ], written as one
// row per (observation r, θ i) with the cost m + λ·s, the member mean m and sd s
// (pipelines/model_inputs.hpp write_ace_costs).
#pragma once
#include <string>

#include "core/tensor.hpp"

namespace sbi::pipelines {

struct AceCostSettings {
  std::string models;             // ACE model files, separated by commas (several: an ensemble)
  std::string theta;              // θ rows (.npy or CSV), inside the prior's support
  std::string observation;        // observation rows (.npy or CSV)
  double ace_disagreement = 0.0;  // λ ≥ 0
  std::string out;                // the CSV table
};

struct AceCostResult {
  Index rows = 0;      // costs written: θ rows × observation rows
  Index networks = 0;  // members of the ensemble
};

// SettingsError for λ < 0 or a model that is not ACE; ValueError for non-finite observations.
AceCostResult evaluate_ace_costs(const AceCostSettings& settings);

}  // namespace sbi::pipelines
