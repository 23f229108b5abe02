// Simulating with a restricted prior, for single-round methods (and the first round of
// multi-round ones): simulate N₀ draws from the prior, label them with a ValidityRule, fit the
// RestrictionClassifier on them, then draw the other N − N₀ from the RestrictedPrior.
// Seeds (inference/rng_streams.hpp): the first batch's θ and x use kRestrictedFirstPrior (1) and
// kRestrictedFirstSimulation (2), exactly as an unrestricted run of N (simulate_from_prior), so
// its rows are that run's first N₀ rows; the restricted draws use kRestrictedPrior (8) and
// kRestrictedSimulation (9); the classifier kRestrictionClassifier (10). Nothing depends on
// the thread count.
// The result keeps every simulation with its flag; valid_rows() gives the ones to train on
// (rows breaking the rule are "wasted" simulations: counted, not trained on).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "sequential/restriction.hpp"
#include "sequential/validity_rule.hpp"

namespace sbi::inference {

// θ (n×d) and a seed → x (n×x_dim); row i must use only the stream Rng(seed, i).
using SimulateFn = std::function<MatrixD(const MatrixD& theta, std::uint64_t seed)>;

struct RestrictedSimulationSettings {
  Index total = 0;   // N: simulations in all
  Index first = 0;   // N₀: from the prior, to fit the classifier (0 < N₀ ≤ N)
  ValidityRule rule;
  RestrictionSettings classifier;  // its seed is replaced by derive_seed(seed, kRestrictionClassifier)
  std::uint64_t seed = 0;
};

struct RestrictedSimulations {
  MatrixD theta, x;          // all N rows, the prior's N₀ first
  std::vector<bool> valid;   // per row, by the rule
  Index first = 0;
  Index invalid_first = 0, invalid_rest = 0;
  std::shared_ptr<const RestrictedPrior> prior;  // null when N₀ = N
  Index invalid() const { return invalid_first + invalid_rest; }
  double wasted_fraction() const { return theta.rows() ? double(invalid()) / double(theta.rows()) : 0.0; }
  // The valid rows only (θ, x), in order.
  MatrixD valid_theta() const;
  MatrixD valid_x() const;
};

// N₀ from the default rule: a tenth of N, at least 100 (and at most N).
Index default_first_batch(Index total);

RestrictedSimulations simulate_with_restriction(const sim::PriorPtr& prior, const SimulateFn& simulate,
                                                const RestrictedSimulationSettings& settings);

}  // namespace sbi::inference
