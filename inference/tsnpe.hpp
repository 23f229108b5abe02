// Truncated sequential NPE (TSNPE; Deistler, Goncalves & Macke 2022) and its multifidelity
// variants, for one observation x_o. The simulation budget N is split into R rounds (5 of
// equal size by default; the last takes the remainder):
//   round 1:   θ ~ p(θ)
//   round r>1: θ ~ p̃_r(θ) ∝ p(θ)·1[log q_{r−1}(θ | x_o) ≥ τ_{r−1}]   (truncated_prior.hpp)
//   after each round: maximum-likelihood NPE, −Σ log q(θ_i | x_i), on ALL rounds' simulations
// (no proposal correction is needed because p̃ ∝ p inside the region).
// Variants (one driver):
//   TSNPE        no initial estimator: round 1 builds a flow (z-scoring fitted on round-1 data,
//                as in sbi) and later rounds continue training the same flow.
//   MF-TSNPE     an initial (low-fidelity pretrained) estimator: EVERY round starts from a copy of
//                it, with θ/x z-scoring refitted on the HF data so far (multifidelity.hpp).
//   A-MF-TSNPE   M initial estimators (an ensemble, M = 5): the proposal's region and the final
//                posterior use their equal-weight mixture, and from round 2 on a fraction
//                (20%) of each round's θ is chosen actively: among prior candidates, those with
//                the largest variance of log q_m(θ | x_o) across members (active_acquisition.hpp).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "inference/multifidelity.hpp"
#include "inference/posterior.hpp"

namespace sbi::inference {

// θ rows → x rows; row i must use its own stream Rng(seed, i) (e.g. sim::Task::simulate).
using SimulateFn = std::function<MatrixD(const MatrixD& theta, std::uint64_t seed)>;

struct TsnpeSettings {
  std::string estimator = "maf";  // used when no initial estimators are given
  // Where flows trained from scratch model θ (initial estimators keep their own space).
  ThetaSpace theta_space = ThetaSpace::constrained;
  int rounds = 5;
  double quantile = 1e-6;          // of log q over posterior draws: the truncation threshold
  Index threshold_samples = 10000;  // posterior draws to estimate it
  Index ensemble_size = 1;         // without initial estimators: flows trained from scratch
  double active_fraction = 0.0;    // share of rounds 2..R chosen by ensemble variance (needs ≥ 2 members)
  Index active_candidates = 0;     // 0: acquisition_candidates(budget)
  std::uint64_t seed = 0;
  nn::TrainSettings training;       // sbi's defaults
  // Called after each round with a one-line summary (e.g. for logging).
  std::function<void(const std::string&)> on_round;
};

struct TsnpeRound {
  Index simulations = 0;        // this round
  Index active = 0;             // of which chosen by ensemble variance
  double threshold = NAN;       // τ of the proposal used (NaN in round 1: the prior)
  double acceptance_rate = 1;   // prior mass of the truncated region (1 in round 1)
  int epochs = 0;               // summed over members
  Index dropped = 0;            // non-finite simulations
  double seconds_simulating = 0, seconds_training = 0, seconds_proposing = 0;
};

struct TsnpeResult {
  std::shared_ptr<Posterior> posterior;       // NPE posterior, or the ensemble mixture
  std::vector<PosteriorEstimator> estimators;  // the trained flows (one per member)
  std::vector<TsnpeRound> rounds;
  MatrixD theta, x;                           // all simulations used
};

// Runs the rounds for x_o with `budget` HF simulations in total. `initial`: pretrained
// estimators (MF-TSNPE with one, A-MF-TSNPE with several); empty for TSNPE.
TsnpeResult run_tsnpe(const sim::PriorPtr& prior, const SimulateFn& simulate, const RowVectorD& x_o, Index budget,
                      const TsnpeSettings& options = {}, const std::vector<PosteriorEstimator>& initial = {});

// Round sizes: budget split into `rounds` equal parts, the remainder to the last round.
std::vector<Index> round_sizes(Index budget, int rounds);

}  // namespace sbi::inference
