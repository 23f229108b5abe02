// The target set of amortized cost estimation (Gao, Deistler & Macke 2023):
//   X_t = {x_1..x_N (training simulations)} ∪ {x_k + ε_k, ε_k ~ N(0, (2·sd(x))²), k = 1..100}
//         ∪ {known observations}.
// Training pairs each θ_i with targets t drawn uniformly from X_t, labelled d(x_i, t): the
// regression's minimiser is the expected distance c(θ, t) = E_{x|θ}[d(x, t)] for every t, so
// one network serves any observation near the data, and the noise-augmented targets teach it
// about observations a little outside the simulations (misspecification).
#pragma once
#include <cstdint>

#include "core/tensor.hpp"

namespace sbi::inference {

struct TargetSetSettings {
  Index num_noise = 100;        // noise-augmented targets
  double noise_scale = 2.0;     // ε ~ N(0, (noise_scale·sd)²) per dimension
};

struct TargetSet {
  MatrixD x;               // all targets, rows: simulated, then noise-augmented, then observed
  Index num_simulated = 0;
  Index num_noise = 0;
  Index num_observed = 0;
};

// observations may have zero rows. Row k of the noise targets draws from Rng(seed, k).
TargetSet build_target_set(const MatrixD& simulations, const MatrixD& observations,
                           const TargetSetSettings& options, std::uint64_t seed);

}  // namespace sbi::inference
