// The run folder and the shared summary blocks (see run_folder.hpp).
#include "pipelines/run_folder.hpp"

#include "core/csv.hpp"
#include "mcmc/settings_fields.hpp"
#include "pipelines/job.hpp"
#include "pipelines/simulator_fields.hpp"
#include "sbi_git_revision.hpp"
#include "sbi_version.hpp"

namespace sbi::pipelines {

RunFolder::RunFolder(const std::string& target) : staged_(target) {}

void RunFolder::commit(const nlohmann::json& summary) {
  write_json(path() + "/summary.json", summary);
  staged_.commit();
}

nlohmann::json provenance() {
  return {{"sbi_version", SBI_VERSION_STRING}, {"sbi_git_revision", SBI_GIT_REVISION}};
}

nlohmann::json mcmc_json(const inference::McmcSettings& m) {
  return to_json(mcmc::mcmc_settings_fields(), m);
}

nlohmann::json external_simulator_json(const sim::ExternalSimulator& simulator) {
  const auto& o = simulator.options();
  const auto c = simulator.counts();
  nlohmann::json j = to_json(external_simulator_fields(), o);  // the settings, then the counts
  j.update({{"rows_simulated", c.rows_simulated}, {"rows_reused", c.rows_reused}, {"rows_failed", c.rows_failed},
            {"failed_simulations", c.failed_simulations}, {"batches_run", c.batches_run},
            {"batches_reused", c.batches_reused}, {"batches_retried", c.batches_retried},
            {"batches_failed", c.batches_failed}, {"first_problem", c.first_problem}});
  return j;
}

void name_simulated_data(sim::Task& task) {
  const Index k = task.x_dim();
  if (k > 0 && static_cast<Index>(task.data_names.size()) != k) task.data_names = numbered_names("x", k);
}

}  // namespace sbi::pipelines
