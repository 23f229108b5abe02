// Random streams of inference/ (see core/rng_streams.hpp): the ids derive_seed(seed, k) takes,
// grouped by the seed they are derived from. Ranges are indexed by a round, member or batch;
// their counts are the indices they are kept apart for (e.g. fewer than 100 TSNPE rounds).
#pragma once
#include <cstdint>

#include "core/rng_streams.hpp"

namespace sbi::inference::streams {

// NPE and NLE, from NpeSettings::seed / NleSettings::seed.
inline constexpr std::uint64_t kEstimatorInit = 1;  // the flow's weights (and masks)
inline constexpr std::uint64_t kTraining = 2;       // TrainSettings::seed when left 0
static_assert(streams_distinct({kEstimatorInit, kTraining}));
// NPE posterior sampling, from the sample() seed: leakage-rejection round r draws with id(r).
inline constexpr StreamRange kNpeSampleRound{0, 1000};
// The MCMC fallback when the flow leaks almost all its mass (McmcPosterior's seed).
inline constexpr std::uint64_t kNpeSampleMcmc = 1000;
static_assert(ranges_disjoint({kNpeSampleRound}, {kNpeSampleMcmc}));

// NRE, from NreSettings::seed.
inline constexpr std::uint64_t kNreNetworkInit = 21;    // the classifier's initial weights
inline constexpr std::uint64_t kNreEmbeddingInit = 22;  // the embedding net's initial weights (--embedding)
static_assert(streams_distinct({kNreNetworkInit, kNreEmbeddingInit}));

// ACE, from AceSettings::seed.
inline constexpr std::uint64_t kAceTargets = 10;      // the target set (noise-augmented x_t)
inline constexpr std::uint64_t kAceScalePairs = 11;   // the random pairs that set the output scale
inline constexpr std::uint64_t kAceNetworkInit = 12;  // the cost network's initial weights
inline constexpr std::uint64_t kAceValidation = 13;   // the fixed targets of the validation loss
// ACE ensemble member k ≥ 1: AceSettings::seed and TrainSettings::seed become id(k) of the
// ensemble's (member 0 keeps them); kept apart from the ACE streams of the same seed.
inline constexpr StreamRange kAceEnsembleMember{100, 1000};
static_assert(streams_distinct({kAceTargets, kAceScalePairs, kAceNetworkInit, kAceValidation}));
static_assert(ranges_disjoint({kAceEnsembleMember}, {kAceTargets, kAceScalePairs, kAceNetworkInit, kAceValidation}));
inline constexpr std::uint64_t kAceEmbeddingInit = 14;  // the embedding net's initial weights (--embedding)
static_assert(ranges_disjoint({kAceEnsembleMember}, {kAceEmbeddingInit}) &&
              streams_distinct({kAceTargets, kAceScalePairs, kAceNetworkInit, kAceValidation, kAceEmbeddingInit}));

// Restricted simulation (restricted_simulation.hpp), from RestrictedSimulationSettings::seed; the first
// batch uses the ids of an unrestricted run (pipelines' kTrainingPrior, kTrainingSimulation).
inline constexpr std::uint64_t kRestrictedFirstPrior = 1;       // the first N₀ θ, from the prior
inline constexpr std::uint64_t kRestrictedFirstSimulation = 2;  // their simulations
inline constexpr std::uint64_t kRestrictedPrior = 8;            // the other θ, from the restricted prior
inline constexpr std::uint64_t kRestrictedSimulation = 9;       // their simulations
inline constexpr std::uint64_t kRestrictionClassifier = 10;     // the classifier's RestrictionSettings::seed
static_assert(streams_distinct({kRestrictedFirstPrior, kRestrictedFirstSimulation, kRestrictedPrior,
                                kRestrictedSimulation, kRestrictionClassifier}));
// The restriction classifier (restriction.hpp), from RestrictionSettings::seed.
inline constexpr std::uint64_t kRestrictionInit = 1;         // the classifier's initial weights
inline constexpr std::uint64_t kRestrictionTraining = 2;     // its TrainSettings::seed
inline constexpr std::uint64_t kRestrictionCalibration = 3;  // draws that calibrate the threshold
static_assert(streams_distinct({kRestrictionInit, kRestrictionTraining, kRestrictionCalibration}));

// MCMC posteriors, from the sample() seed.
inline constexpr std::uint64_t kMcmcInit = 1;    // SIR starts of the chains
inline constexpr std::uint64_t kMcmcChains = 2;  // McmcRunSettings::seed of the chains
static_assert(streams_distinct({kMcmcInit, kMcmcChains}));

// Ensemble posterior, from the sample() seed: member m's draws use id(m) (stream 0 picks members
// with Rng(seed, 0) directly).
inline constexpr StreamRange kEnsembleMemberDraws{1, UINT64_MAX - 1};

// TSNPE, from TsnpeSettings::seed: round r, member m.
inline constexpr StreamRange kTsnpeRound{100, 100};          // the round seed of round r
inline constexpr StreamRange kTsnpeTraining{200, 100};       // seed of round r's training (then member m)
inline constexpr StreamRange kTsnpeEstimatorInit{300, 100};  // member m's initial weights
static_assert(ranges_disjoint({kTsnpeRound, kTsnpeTraining, kTsnpeEstimatorInit}));
// TSNPE, from a round seed.
inline constexpr std::uint64_t kRoundPrior = 1;       // round 0's prior draws
inline constexpr std::uint64_t kRoundThreshold = 2;   // draws that set the truncation threshold
inline constexpr std::uint64_t kRoundTruncated = 3;   // rejection sampling of the truncated prior
inline constexpr std::uint64_t kRoundActive = 4;      // candidates of active acquisition
inline constexpr std::uint64_t kRoundSimulation = 5;  // the round's simulations
static_assert(streams_distinct({kRoundPrior, kRoundThreshold, kRoundTruncated, kRoundActive, kRoundSimulation}));

// Multifidelity: pretrain_estimator(seed) uses kEstimatorInit and kTraining of its seed;
// MF-NPE derives these from MultifidelitySettings::seed.
inline constexpr std::uint64_t kMfPretraining = 10;  // the seed given to pretrain_estimator
inline constexpr std::uint64_t kMfFineTuning = 11;   // fine-tuning's TrainSettings::seed when left 0
static_assert(streams_distinct({kMfPretraining, kMfFineTuning}));

// SMC-ABC, from SmcAbcSettings::seed: round t's seed is id(t) (round 0: the initial population).
inline constexpr StreamRange kSmcRound{0, UINT64_MAX};
// From round 0's seed.
inline constexpr std::uint64_t kSmcInitialPrior = 1;       // the initial population's θ
inline constexpr std::uint64_t kSmcInitialSimulation = 2;  // its simulations
static_assert(streams_distinct({kSmcInitialPrior, kSmcInitialSimulation}));
// From round t's seed: batch b's simulations use id(b); its proposals use Rng(round seed, b·2³² + k).
inline constexpr StreamRange kSmcBatchSimulation{1'000'000, UINT64_MAX - 1'000'000};

// Sequential inference (sequential.hpp), from SequentialSettings::seed: round r's proposal draws,
// simulations and training seed are derive_seed(derive_seed(seed, id), r).
inline constexpr std::uint64_t kProposalStream = 601;
inline constexpr std::uint64_t kSimulationStream = 602;
inline constexpr std::uint64_t kTrainingStream = 603;
inline constexpr std::uint64_t kNetworkStream = 604;     // the network's initial weights
inline constexpr std::uint64_t kSnpeAExpansion = 605;    // SNPE-A: the final round's component perturbation
inline constexpr std::uint64_t kRoundRestriction = 606;  // --restrict: the round-1 classifier's RestrictionSettings::seed
static_assert(streams_distinct({kProposalStream, kSimulationStream, kTrainingStream, kNetworkStream, kSnpeAExpansion,
                                kRoundRestriction}));

}  // namespace sbi::inference::streams
