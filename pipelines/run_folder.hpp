// The run folder a pipeline writes (`sbi run`, `sbi fit-recordings`): staged beside its target
// (core/output_folder.hpp) so that it appears only once the run has finished, with summary.json
// written last. A summary opens with its provenance (the program's version and git revision;
// "-dirty": a build from uncommitted changes); the helpers give the JSON of the settings blocks
// that several pipelines record.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "core/output_folder.hpp"
#include "inference/mcmc_posterior.hpp"
#include "external/external_simulator.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

class RunFolder {
 public:
  // Stages the folder (IOError when the target exists and is not a folder).
  explicit RunFolder(const std::string& target);
  const std::string& path() const { return staged_.path(); }      // where the run writes
  const std::string& target() const { return staged_.target(); }  // where it appears
  // Writes summary.json into the staged folder and swaps it in for the target.
  void commit(const nlohmann::json& summary);

 private:
  StagedOutputFolder staged_;
};

// {"sbi_version": ..., "sbi_git_revision": ...}: the first keys of every summary.json.
nlohmann::json provenance();

// The MCMC settings through their field table (mcmc/settings_fields.hpp) for summary.json:
// {"sampler", "chains", "warmup", "thin", "init_candidates"}.
nlohmann::json mcmc_json(const inference::McmcSettings& m);

// The settings and counts of an external simulator, for summary.json.
nlohmann::json external_simulator_json(const sim::ExternalSimulator& simulator);

// A prior-file task learns x's width from its external simulator's first batch: once known,
// names the columns x_1, x_2, ... (CSV headers, summary.json) unless the task already names them.
void name_simulated_data(sim::Task& task);

}  // namespace sbi::pipelines
