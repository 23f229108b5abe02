// The end-to-end job (see run_job.hpp).
#include "pipelines/device_backend.hpp"
#include "pipelines/run_job.hpp"

#include <algorithm>
#include <chrono>

#include "core/csv.hpp"
#include "core/parallel.hpp"
#include "sequential/sequential.hpp"
#include "inference/task_distance.hpp"
#include "pipelines/job_fields.hpp"
#include "pipelines/run_ace.hpp"
#include "pipelines/run_folder.hpp"
#include "pipelines/run_method.hpp"
#include "pipelines/run_sequential.hpp"

namespace sbi::pipelines {

namespace {

// The job table's fields (pipelines/job_fields.hpp), then what the table does not hold.
nlohmann::json settings_json(const JobSettings& s, const sim::Task& task) {
  nlohmann::json j = to_json(job_settings_fields(), s);
  j["threads"] = num_threads();
  if (s.restriction) j["restrict"] = s.restriction->rule.str();
  if (s.embedding.enabled()) j["embedding"] = s.embedding.str();
  if (s.device != Device::Cpu) j["device"] = device_name(s.device);  // CPU runs' summaries unchanged
  if (!task.prior_json.empty()) j["prior"] = nlohmann::json::parse(task.prior_json);
  return j;
}

nlohmann::json observations_json(const std::vector<Observation>& observations) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& o : observations) {
    nlohmann::json j = {{"name", o.name}, {"x", std::vector<double>(o.x.data(), o.x.data() + o.x.size())}};
    if (o.has_truth) j["true_theta"] = std::vector<double>(o.theta.data(), o.theta.data() + o.theta.size());
    out.push_back(j);
  }
  return out;
}

void write_observations(const std::string& folder, const sim::Task& task,
                        const std::vector<Observation>& observations) {
  MatrixD obs_matrix(static_cast<Index>(observations.size()), task.x_dim());
  for (std::size_t k = 0; k < observations.size(); ++k) obs_matrix.row(static_cast<Index>(k)) = observations[k].x;
  write_csv(folder + "/observations.csv", obs_matrix, task.data_names);
  write_csv(folder + "/true_parameters.csv", MatrixD(observations[0].theta), task.parameter_names);
}

void check_per_term(const JobSettings& s, const sim::Task& task) {
  if (s.ace_per_term && !inference::task_distance_has_terms(task, s.distance))
    throw SettingsError("--ace-per-term needs a distance that is a mean of per-value terms (mse, mae_zscored); "
                        "--distance " + s.distance + " of task " + s.task + " is not");
}

}  // namespace

void check_job_settings(const JobSettings& s, const sim::Task& task) {
  check_sampling_settings(s);
  check_ace_settings(s);
  const std::vector<std::string> methods = {"ace", "npe", "nle", "nre", "nre-b", "nre-c", "rej-abc"};
  if (inference::is_sequential_method(s.method)) check_sequential_job(s);
  else if (std::find(methods.begin(), methods.end(), s.method) == methods.end())
    throw SettingsError("unknown method '" + s.method +
                        "' (ace, npe, nle, nre, nre-b, nre-c, rej-abc, snpe-a, snpe-b, snpe-c, snle, snre, snre-b, snre-c)");
  check_per_term(s, task);
  if (s.restriction) require_cpu_only(s.device, "run --restrict");
  check_simulation_device(s.device, task, "run");
}

RunResult run_job(JobSettings s, sim::Task task, const Log& log, const sim::ExternalSimulator* external) {
  check_job_settings(s, task);
  RunFolder folder(s.out);  // the run appears in s.out only once it has finished
  const std::string target = s.out;
  s.out = folder.path();
  log.info("sbi run: " + s.method + " on " + s.task + " with " + std::to_string(s.sims) +
           " simulations, seed " + std::to_string(s.seed) + ", " + std::to_string(num_threads()) +
           " threads -> " + target + " (written to " + s.out + " until it finishes)");
  const auto t0 = std::chrono::steady_clock::now();
  const auto observations = default_observations(task, s.seed, s.num_range_sims, log);
  name_simulated_data(task);
  write_observations(s.out, task, observations);

  nlohmann::json summary = provenance();
  summary["settings"] = settings_json(s, task);
  summary["parameter_names"] = task.parameter_names;
  summary["data_names"] = task.data_names;
  summary["observations"] = observations_json(observations);
  summary["result"] = s.method == "ace"                            ? run_ace_job(s, task, observations, log)
                      : inference::is_sequential_method(s.method) ? run_sequential_job(s, task, observations, log)
                                                                  : run_method_job(s, task, observations, log);
  summary["seconds_total"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (external) summary["external_simulator"] = external_simulator_json(*external);
  if (external) log.info("simulator: " + external->describe_counts());
  folder.commit(summary);
  log.info("wrote " + target + "/summary.json, samples_*.csv, model.sbi and figures (*.svg)");
  require_no_failed_results(summary["result"], target);
  return {target, summary};
}

}  // namespace sbi::pipelines
