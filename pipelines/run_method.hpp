// The job of `sbi run --method npe|nle|nre|nre-b|nre-c|rej-abc`: simulate, train once, then sample
// the posterior of every observation and check it by posterior-predictive simulations and,
// where the task has a reference posterior, by C2ST; writes samples, figures and the summary.
#pragma once
#include <functional>
#include <memory>

#include <nlohmann/json.hpp>

#include "inference/posterior.hpp"
#include "pipelines/job.hpp"

namespace sbi::pipelines {

// The posterior for one observation (it may throw: the entry then records the error).
using PosteriorOf = std::function<std::shared_ptr<inference::Posterior>(const Observation&)>;

// One observation's posterior: s.num_samples draws (seed derive_seed(s.seed, streams::kPosteriorDraws)) written to
// samples_<name>.csv, their predictive distance, C2ST against the reference posterior where the
// task has one, the pair plot; an {"error": ...} entry when the posterior fails.
nlohmann::json posterior_entry(const JobSettings& s, const sim::Task& task, const PosteriorOf& posterior_of,
                               const Observation& obs, ProgressBar& mcmc_bar, const Log& log);

nlohmann::json run_method_job(const JobSettings& settings, const sim::Task& task,
                              const std::vector<Observation>& observations, const Log& log);

}  // namespace sbi::pipelines
