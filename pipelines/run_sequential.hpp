// The job of `sbi run --method snpe-a|snpe-b|snpe-c|snle|snre|snre-b|snre-c --rounds R`: for each
// observation of the run, the multi-round driver (sequential/sequential.hpp) spends the whole
// budget --sims over R rounds focused on that observation, then its posterior is sampled and
// checked like the amortized methods' (samples_<obs>.csv, predictive distance, C2ST where the
// task has a reference posterior, pair plot); the last round's network is saved as
// model_<obs>.sbi (read by `sbi sample`). Observation k's rounds use the seed
// derive_seed(derive_seed(seed, streams::kSequentialRuns), k), so a seeded rerun writes identical files.
// --embedding is trained with the estimator over all rounds; --restrict fits the classifier on
// round 1 and restricts the later rounds' proposals (sequential/round_restriction.hpp); each
// posterior's entry in summary.json then records the rows wasted per round and in all.
#pragma once
#include <nlohmann/json.hpp>

#include "pipelines/job.hpp"

namespace sbi::pipelines {

// SettingsError unless --sims gives at least 10 simulations per round, --rounds ≥ 1, --atoms ≥ 2,
// and --restrict (if given) has no --restrict-first, --rounds ≥ 2 and a method other than snpe-a.
void check_sequential_job(const JobSettings& settings);

nlohmann::json run_sequential_job(const JobSettings& settings, const sim::Task& task,
                                  const std::vector<Observation>& observations, const Log& log);

}  // namespace sbi::pipelines
