// The recording fit's run folder (see fit_recordings.hpp).
#include "pipelines/fit_recordings.hpp"

#include <chrono>

#include "core/parallel.hpp"
#include "pipelines/run_folder.hpp"

namespace sbi::pipelines {

namespace {

nlohmann::json ace_settings_json(const JobSettings& s) {
  return {{"ace_max_epochs", s.max_epochs}, {"ace_patience", s.patience}, {"ace_batch_size", s.batch_size},
          {"ace_learning_rate", s.learning_rate}, {"ace_observed_fraction", s.ace_observed_fraction},
          {"ace_members", s.ace_members}, {"ace_disagreement", s.ace_disagreement},
          {"ace_per_term", s.ace_per_term}, {"ace_hidden", s.ace_hidden}, {"ace_blocks", s.ace_blocks},
          {"ace_targets_per_theta", s.ace_targets_per_theta},
          {"ace_loss", inference::ace_loss_name(s.ace_loss)}};
}

nlohmann::json settings_json(const HHJobSettings& hs) {
  const JobSettings& s = hs.job;
  nlohmann::json j = {{"task", s.task}, {"methods", {"ace", "npe"}}, {"recording", hs.recording},
                      {"sims", s.sims}, {"seed", s.seed}, {"betas", s.betas},
                      {"num_samples", s.num_samples}, {"predictive_sims", s.predictive_sims},
                      {"distance", "mae_zscored"}, {"npe_estimator", s.estimator},
                      {"npe_theta_space", inference::theta_space_name(s.theta_space)},
                      {"npe_max_epochs", hs.npe_max_epochs},
                      {"npe_batch_size", hs.npe_batch_size}, {"simulations_from", hs.simulations_from},
                      {"ace_models_from", hs.ace_models_from},
                      {"mcmc", mcmc_json(s.mcmc)}, {"threads", num_threads()}};
  j.update(ace_settings_json(s));
  return j;
}

}  // namespace

void check_fit_settings(const HHJobSettings& hs) {
  const JobSettings& s = hs.job;
  check_sampling_settings(s);
  check_ace_settings(s);
  if (s.predictive_sims < 1) throw SettingsError("--predictive-sims must be positive");
  if (hs.npe_max_epochs < 1) throw SettingsError("--npe-max-epochs must be positive");
  if (hs.npe_batch_size < 1) throw SettingsError("--npe-batch-size must be positive");
}

RunResult fit_recordings(HHJobSettings hs, const Log& log) {
  check_fit_settings(hs);
  JobSettings& s = hs.job;
  RunFolder folder(s.out);  // the run appears in s.out only once it has finished
  const std::string target = s.out;
  s.out = folder.path();
  log.info("sbi fit-recordings: ACE and NPE on Allen recording(s) " + hs.recording + " with " +
           std::to_string(s.sims) + " simulations, seed " + std::to_string(s.seed) + ", " +
           std::to_string(num_threads()) + " threads -> " + target + " (written to " + s.out + " until it finishes)");
  const auto t0 = std::chrono::steady_clock::now();
  nlohmann::json summary = provenance();
  summary["settings"] = settings_json(hs);
  summary["result"] = run_hodgkin_huxley_job(hs, log);
  if (!hs.ace_models_from.empty()) {  // the loaded networks' settings, not the defaults
    const nlohmann::json& loaded = summary["result"]["ace_training"];
    for (const char* key : {"members", "per_term", "hidden", "blocks"})
      summary["settings"][std::string("ace_") + key] = loaded[key];
  }
  summary["seconds_total"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  folder.commit(summary);
  log.info("wrote " + target + "/summary.json, metrics.csv, samples_*.csv, model.sbi (ACE), npe.sbi and figures (*.svg)");
  require_no_failed_results(summary["result"], target);
  return {target, summary};
}

}  // namespace sbi::pipelines
