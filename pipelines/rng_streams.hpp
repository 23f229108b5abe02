// Random streams of pipelines/ (see core/rng_streams.hpp): the ids derive_seed(seed, k) takes,
// grouped by the seed they are derived from. The values are those the pipelines have always
// used (every seeded run folder, benchmark table and model file depends on them). Ranges are
// indexed by an observation, attempt, member or recording; their counts are the indices kept
// apart (e.g. fewer than 100 observations of a benchmark).
#pragma once
#include <cstdint>

#include "core/rng_streams.hpp"

namespace sbi::pipelines::streams {

// From a job's seed (JobSettings, TrainJobSettings, BenchmarkSettings, `sbi simulate --seed`):
// the training set and the method trained on it.
inline constexpr std::uint64_t kTrainingPrior = 1;       // θ of the training set (prior draws)
inline constexpr std::uint64_t kTrainingSimulation = 2;  // their simulations x
inline constexpr std::uint64_t kMethodInit = 3;          // the method's seed (network weights, targets)
inline constexpr std::uint64_t kTraining = 4;            // TrainSettings::seed (minibatches, validation split)

// `sbi run`, from the job's seed.
inline constexpr std::uint64_t kPosteriorDraws = 5;        // posterior draws of an observation
inline constexpr std::uint64_t kPredictive = 6;            // posterior-predictive simulations
inline constexpr std::uint64_t kReferencePosterior = 7;    // the task's reference posterior (npe, ...)
inline constexpr std::uint64_t kSequentialRuns = 8;        // multi-round runs: observation k's driver seed is
                                                           // derive_seed(derive_seed(seed, 8), k)
inline constexpr StreamRange kObservationPrior{100, 100};  // well-specified observation, attempt a: θ
inline constexpr StreamRange kObservationSimulation{200, 100};  // ... and its simulation
inline constexpr std::uint64_t kMisspecified = 300;        // the misspecified observation
static_assert(streams_distinct({kTrainingPrior, kTrainingSimulation, kMethodInit, kTraining, kPosteriorDraws,
                                kPredictive, kReferencePosterior, kSequentialRuns, kMisspecified}));
static_assert(ranges_disjoint({kObservationPrior, kObservationSimulation},
                              {kTrainingPrior, kTrainingSimulation, kMethodInit, kTraining, kPosteriorDraws,
                               kPredictive, kReferencePosterior, kMisspecified}));

// `sbi fit-recordings` (Hodgkin–Huxley), from the job's seed: the NPE beside ACE and recording r's seed.
inline constexpr std::uint64_t kHhNpeInit = 7;
inline constexpr std::uint64_t kHhNpeTraining = 8;
inline constexpr StreamRange kRecording{1000, 1000};
static_assert(ranges_disjoint({kRecording}, {kTrainingPrior, kTrainingSimulation, kMethodInit, kTraining,
                                             kHhNpeInit, kHhNpeTraining}));
// From a recording's seed.
inline constexpr std::uint64_t kRecordingAceDraws = 10;       // then per β (beta_seed)
inline constexpr std::uint64_t kRecordingAcePredictive = 20;  // then per β
inline constexpr std::uint64_t kRecordingNpeDraws = 30;
inline constexpr std::uint64_t kRecordingNpePredictive = 31;
static_assert(streams_distinct({kRecordingAceDraws, kRecordingAcePredictive, kRecordingNpeDraws,
                                kRecordingNpePredictive}));

// `sbi calibrate`, from its seed (training: kTrainingPrior … kTraining).
inline constexpr std::uint64_t kCalibrationPrior = 11;       // the calibration pairs' θ*
inline constexpr std::uint64_t kCalibrationSimulation = 12;  // their x*
inline constexpr std::uint64_t kCalibrationDraws = 13;       // CalibrationSettings::seed (posterior draws)
static_assert(streams_distinct({kTrainingPrior, kTrainingSimulation, kMethodInit, kTraining, kCalibrationPrior,
                                kCalibrationSimulation, kCalibrationDraws}));

// Benchmarks, from the benchmark's seed: engine observation k (1-based number) and its reference.
inline constexpr StreamRange kEngineObservationPrior{1000, 1000};
inline constexpr StreamRange kEngineObservationSimulation{2000, 1000};
inline constexpr StreamRange kReferenceDraws{3000, 999};
// `sbi benchmark` (sbibm methods and multifidelity), per observation number n (1-based), through
// observation_stream: id(n − 1) of the first range while n fits in it, else of the second, so a
// row depends on its own observation only, never on which other observations the run lists.
inline constexpr StreamRange kObservationDraws{5, 15};         // the method's posterior draws (sbibm: 10 observations)
inline constexpr StreamRange kObservationPredictive{100, 100};  // posterior-predictive simulations
inline constexpr StreamRange kSmcAbcRun{200, 100};              // SMC-ABC's seed for observation n
inline constexpr StreamRange kObservationDrawsBeyond{10'000, 10'000};
inline constexpr StreamRange kObservationPredictiveBeyond{20'000, 10'000};
inline constexpr StreamRange kSmcAbcRunBeyond{30'000, 10'000};
static_assert(ranges_disjoint({kObservationDraws, kObservationPredictive, kSmcAbcRun, kEngineObservationPrior,
                               kEngineObservationSimulation, kReferenceDraws, kObservationDrawsBeyond,
                               kObservationPredictiveBeyond, kSmcAbcRunBeyond},
                              {kTrainingPrior, kTrainingSimulation, kMethodInit, kTraining}));
inline std::uint64_t observation_stream(const StreamRange& first, const StreamRange& beyond, int number) {
  const auto index = static_cast<std::uint64_t>(number - 1);
  return index < first.count ? first.id(index) : beyond.id(index - first.count);
}
inline std::uint64_t observation_draws(int number) {
  return observation_stream(kObservationDraws, kObservationDrawsBeyond, number);
}
inline std::uint64_t observation_predictive(int number) {
  return observation_stream(kObservationPredictive, kObservationPredictiveBeyond, number);
}
inline std::uint64_t smc_abc_run(int number) { return observation_stream(kSmcAbcRun, kSmcAbcRunBeyond, number); }
// From an SMC-ABC run's seed: the draws of the KDE on its final population.
inline constexpr std::uint64_t kSmcKdeDraws = 1;
// Multifidelity benchmark, from the benchmark's seed (also kMethodInit, kTraining for MF-NPE).
// kLowFidelitySimulation (7) equals kObservationDraws.id(2): kept so that published tables
// reproduce; the two streams feed unrelated draws (LF prior simulation, observation 3's posterior).
inline constexpr std::uint64_t kLowFidelitySimulation = 7;
inline constexpr StreamRange kPretrainingMember{20, 20};          // pretrain_estimator's seed, member m
inline constexpr StreamRange kPretrainingMemberTraining{40, 10};  // its TrainSettings::seed
inline constexpr std::uint64_t kTsnpeBase = 50;  // TSNPE's seed is derive_seed(this, observation number)
static_assert(ranges_disjoint({kObservationDraws, kPretrainingMember, kPretrainingMemberTraining},
                              {kTrainingPrior, kTrainingSimulation, kMethodInit, kTraining, kTsnpeBase}));

// `sbi benchmark --method ace` (the ACE benchmark), from the benchmark's seed.
inline constexpr std::uint64_t kPredictiveRange = 3999;  // prior-predictive range of the misspecified x
inline constexpr StreamRange kAceMisspecified{4000, 1000};  // observation k's misspecified x
inline constexpr std::uint64_t kCostThetas = 5000;          // θ at which the true cost is checked
inline constexpr std::uint64_t kCostSimulations = 5001;     // Monte Carlo simulations of the true cost
inline constexpr StreamRange kAceDraws{6000, 1000};         // observation k's GBI draws
inline constexpr StreamRange kAcePredictive{7000, 1000};    // their predictive simulations
static_assert(ranges_disjoint({kEngineObservationPrior, kEngineObservationSimulation, kReferenceDraws,
                               kAceMisspecified, kAceDraws, kAcePredictive},
                              {kTrainingPrior, kTrainingSimulation, kMethodInit, kTraining, kPredictiveRange,
                               kCostThetas, kCostSimulations}));

}  // namespace sbi::pipelines::streams
