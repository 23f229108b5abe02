// SMC-ABC: population Monte Carlo ABC (Beaumont, Cornuet, Marin & Robert 2009), as offered by
// sbi's SMCABC, with an adaptive tolerance and a simulation budget.
//
// Round 0: draw M θ from the prior, simulate, keep the N closest to x_o (distance d); ε₀ is the
//   largest kept distance; weights 1/N.
// Round t ≥ 1: ε_t = the q-quantile of the current population's distances; the kernel is
//   K_t(θ | θ') = N(θ; θ', Σ_t) with Σ_t = 2·Cov_w(population) (the weighted covariance);
//   proposals θ* = θ_j + L_t·z (j ~ weights, z ~ N(0, I), redrawn until θ* is in the prior's
//   support, which costs no simulation) are simulated in batches and accepted when
//   d(x*, x_o) ≤ ε_t, until N are accepted. New weights
//       w_i ∝ p(θ_i) / Σ_j w_j^{(t−1)} K_t(θ_i | θ_j^{(t−1)}).
// Stops when the budget cannot complete a round (the last complete population is returned, or
// with fill_incomplete_round, as sbi's use_last_pop_samples, the round's accepted particles
// filled up with the first particles of the last population; masses accepted/N and the rest),
// after max_rounds, or when a round's acceptance rate falls below min_acceptance_rate.
// Optionally, the final population is corrected by linear regression (smc_abc_adjust.hpp).
//
// Reproducibility: round t's proposal k of batch b draws from Rng(derive_seed(seed, t), b·2³² + k)
// and the batch is simulated with seed derive_seed(derive_seed(seed, t), b + 1'000'000), so a
// run depends only on the seed (the simulator callable must honour its seed).
#pragma once
#include <functional>
#include <vector>

#include "inference/rejection_abc.hpp"
#include "simulators/prior.hpp"

namespace sbi::inference {

// θ rows → x rows; must be reproducible for a given seed.
using BatchSimulator = std::function<MatrixD(const MatrixD& theta, std::uint64_t seed)>;

// Euclidean distance on x z-scored by the per-dimension sd of `reference_x` (sd floored at 1e-12).
DistanceFn zscored_euclidean_distance(const MatrixD& reference_x);

struct SmcAbcSettings {
  Index num_particles = 1000;        // N
  Index initial_population = 2000;   // M prior simulations in round 0 (≥ N)
  Index simulation_budget = 20000;   // total simulations, round 0 included
  double epsilon_quantile = 0.5;     // q
  double kernel_scale = 2.0;         // Σ_t = kernel_scale·Cov_w
  Index max_rounds = 100;
  double min_acceptance_rate = 0.0;  // stop below this acceptance rate (0: never)
  Index batch_size = 1000;           // proposals per simulator call at most (and never more than
                                     // the particles still missing in the round, as sbi)
  DistanceFn distance;               // default: z-scored Euclidean (sd of round 0's x)
  bool regression_adjustment = false;
  bool fill_incomplete_round = false;  // sbi's use_last_pop_samples (sbibm: on)
  std::uint64_t seed = 0;
};

struct SmcAbcRound {
  Index round = 0;
  double epsilon = 0;
  Index simulations = 0;      // simulated in this round
  Index within_epsilon = 0;   // of those, how many had d ≤ ε (all are counted, not only N)
  double acceptance_rate = 0;
  double effective_sample_size = 0;  // 1 / Σ w² of the population after the round
};

struct SmcAbcResult {
  MatrixD theta;      // N × θ-dim, the final population (regression-adjusted if asked)
  MatrixD x;          // their simulations
  VectorD weights;    // normalised
  VectorD distances;  // d(x_i, x_o)
  double epsilon = 0;
  Index simulations = 0;     // total, ≤ the budget
  bool budget_exhausted = false;
  std::vector<SmcAbcRound> rounds;

  double effective_sample_size() const;
  EmpiricalPosterior posterior() const;
};

class SmcAbc {
 public:
  SmcAbc(sim::PriorPtr prior, BatchSimulator simulator, SmcAbcSettings options = {});
  SmcAbcResult run(const RowVectorD& x_o) const;

 private:
  sim::PriorPtr prior_;
  BatchSimulator simulator_;
  SmcAbcSettings options_;
};

}  // namespace sbi::inference
