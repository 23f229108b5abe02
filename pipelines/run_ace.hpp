// The ACE job of `sbi run`: simulate, train the cost network, save it, then for every
// observation and β sample the generalized posterior and check it by posterior-predictive
// simulations; writes samples, figures and the summary into the run folder.
#pragma once
#include <nlohmann/json.hpp>

#include "pipelines/job.hpp"

namespace sbi::pipelines {

nlohmann::json run_ace_job(const JobSettings& settings, const sim::Task& task,
                           const std::vector<Observation>& observations, const Log& log);

}  // namespace sbi::pipelines
