// The end-to-end job of `sbi run`, as a library call: simulate, train, infer the posterior of
// a well-specified and a misspecified observation, and write a run folder (observations,
// samples CSV per (observation, β), summary.json with settings, seeds, timings, diagnostics and
// predictive distances, the trained model, SVG figures). settings.method "ace" runs the ACE
// job (run_ace.hpp); npe, nle, nre, nre-b, nre-c and rej-abc the amortized-method job (run_method.hpp);
// snpe-a, snpe-b, snpe-c, snle, snre, snre-b and snre-c the multi-round job (run_sequential.hpp).
// With no changes to the defaults: ACE on two_moons with 10,000 simulations at β = 10, 100, 1000.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "pipelines/job.hpp"
#include "external/external_simulator.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

struct RunResult {
  std::string folder;      // the run folder (settings.out)
  nlohmann::json summary;  // what summary.json holds
};

// SettingsError naming the flag of the first value the job refuses (too few simulations, a
// β ≤ 0, an unknown method, an ACE setting out of range, --ace-per-term with a distance that
// is not a mean of terms).
void check_job_settings(const JobSettings& settings, const sim::Task& task);

// Runs the job into settings.out (staged: the folder appears only once the run has finished).
// `external`: the task's external simulator, if any, recorded in summary.json. ValueError,
// after the folder is written, when a requested posterior or metric failed.
RunResult run_job(JobSettings settings, sim::Task task, const Log& log,
                  const sim::ExternalSimulator* external = nullptr);

}  // namespace sbi::pipelines
