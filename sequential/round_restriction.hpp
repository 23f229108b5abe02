// Restricting invalid simulations inside the multi-round driver (sequential.hpp, --restrict with
// snpe-b, snpe-c, snle, snre, snre-c): round 1's θ ~ p(θ) are labelled valid / invalid by the
// rule (validity_rule.hpp) and train the classifier c(θ) (restriction.hpp); the restricted prior
//   p̃_R(θ) = p(θ)·1[c(θ) ≥ τ] / A
// then replaces the prior in the round learner, so the next rounds' proposals are the posterior
// at x_o restricted to {c ≥ τ}. Every round keeps only the rows that are valid and inside p̃_R's
// region (the others are counted as wasted and never trained on).
// Seed: the classifier's is derive_seed(seed, streams::kRoundRestriction); nothing depends on threads.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "sequential/sequential.hpp"

namespace sbi::inference {

// ValueError unless the settings allow a restriction: rounds ≥ 2 (the classifier restricts the
// rounds after the first) and a method other than snpe-a (its analytic correction needs a
// Gaussian or box prior).
void check_round_restriction(const SequentialSettings& settings);
// ValueError when x_o breaks the rule (the restricted posterior would not apply to it).
void check_observation_valid(const SequentialSettings& settings, const RowVectorD& x_o);

// c(θ) fitted on round 1's θ and flags, and p̃_R over `prior` (ValueError when no row is valid,
// or when p̃_R would accept less than the classifier's min_acceptance of the prior).
std::shared_ptr<const RestrictedPrior> fit_round_restriction(const sim::PriorPtr& prior, const MatrixD& theta,
                                                             const std::vector<bool>& valid,
                                                             const SequentialRestrictionSettings& settings,
                                                             std::uint64_t seed);

struct KeptRows {
  MatrixD theta, x;
  Index wasted = 0;  // rows breaking the rule, or (θ) outside p̃_R's region
};

// The rows flagged valid whose θ lies inside `region` (all flagged rows when null), in order.
KeptRows keep_valid_rows(const MatrixD& theta, const MatrixD& x, const std::vector<bool>& valid,
                         const sim::Prior* region);

}  // namespace sbi::inference
