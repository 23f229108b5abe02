// The job of `sbi run --method npe|nle|nre|nre-c|rej-abc`: simulate, train once, then sample
// the posterior of every observation and check it by posterior-predictive simulations and,
// where the task has a reference posterior, by C2ST; writes samples, figures and the summary.
#pragma once
#include <nlohmann/json.hpp>

#include "pipelines/job.hpp"

namespace sbi::pipelines {

nlohmann::json run_method_job(const JobSettings& settings, const sim::Task& task,
                              const std::vector<Observation>& observations, const Log& log);

}  // namespace sbi::pipelines
