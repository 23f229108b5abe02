// `sbi run`: the end-to-end job. With no arguments: ACE on two_moons with 10,000 simulations,
// one well-specified and one misspecified observation, GBI posteriors at β = 10, 100, 1000.
// --method npe|nle|nre|nre-c|rej-abc runs the other methods on the same observations.
// Writes a run folder: samples CSV per (observation, β), summary.json (settings, seeds,
// timings, diagnostics, predictive distances), the trained model and SVG figures.
// --task hodgkin_huxley --recording FILES fits Allen recordings with ACE and NPE on one shared
// simulation set instead (cli/run_hodgkin_huxley.hpp).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <iostream>

#include "cli/args.hpp"
#include "cli/command.hpp"
#include "cli/train_method.hpp"
#include "cli/job.hpp"
#include "cli/problem_options.hpp"
#include "cli/mcmc_options.hpp"
#include "cli/run_ace.hpp"
#include "cli/restrict_option.hpp"
#include "cli/run_hodgkin_huxley.hpp"
#include "cli/run_method.hpp"
#include "cli/simulator_options.hpp"
#include "core/output_folder.hpp"
#include "core/csv.hpp"
#include "core/parallel.hpp"
#include "inference/task_distance.hpp"
#include "sbi_git_revision.hpp"
#include "sbi_version.hpp"

namespace sbi::cli {

namespace {
// The first keys of every summary.json: which program wrote it ("-dirty" in the revision: a
// build from uncommitted changes).
nlohmann::json provenance() {
  return {{"sbi_version", SBI_VERSION_STRING}, {"sbi_git_revision", SBI_GIT_REVISION}};
}

Args run_args() {
  Args args("run", "Runs an end-to-end job: simulate, train, infer the posterior for a "
                   "well-specified and a misspecified observation, and write a run folder "
                   "(samples, summary.json, model.sbi, SVG figures).");
  add_problem_options(args);
  args.option("method", "NAME", "inference method: ace, npe, nle, nre, nre-c or rej-abc", "ace")
      .option("sims", "N", "number of simulations", "10000")
      .option("seed", "S", "random seed (results are identical for any thread count)", "0")
      .option("betas", "B1,B2,...", "GBI inverse temperatures (default: the task's reference values)")
      .option("num-samples", "N", "posterior draws per observation and beta", "10000")
      .option("predictive-sims", "N", "posterior-predictive simulations per posterior", "1000")
      .option("distance", "KIND", "ACE distance: task, mse, mae_zscored or trial_energy", "task")
      .option("ace-observed-fraction", "F", "ACE: share of training targets drawn among the "
              "observations (0 = the reference: as rare as any other target)", "0")
      .option("ace-members", "K", "ACE: cost networks trained from different seeds on the same "
              "simulations; the GBI cost is their mean (model.sbi is member 1, model_member<k>.sbi the others)", "1")
      .option("ace-disagreement", "L", "ACE with --ace-members > 1: cost = mean + L x sd over the "
              "members (L > 0 avoids θ where the networks disagree)", "0")
      .option("ace-hidden", "N", "ACE: units per layer of the cost network (residual MLP)", "64")
      .option("ace-blocks", "N", "ACE: residual blocks of the cost network", "3")
      .option("ace-targets-per-theta", "K", "ACE: training targets paired with each simulation per epoch "
              "(K labelled pairs per θ)", "2")
      .option("ace-loss", "NAME", "ACE: regression loss of the cost network: squared (the reference) or poisson "
              "(Poisson deviance: same minimiser, weighs errors where the cost is small more)", "squared")
      .flag("ace-per-term", "ACE: one network output per term of a distance that is a mean of terms "
            "(mse, mae_zscored), each regressed on its own term; the cost is their mean")
      .option("max-epochs", "N", "training epochs at most", "1000")
      .option("patience", "N", "stop after N epochs without validation improvement", "100")
      .option("batch-size", "N", "training minibatch size", "500")
      .option("lr", "RATE", "Adam learning rate", "0.001")
      .option("range-sims", "N", "prior-predictive simulations used to build the misspecified observation", "100000")
      .option("recording", "FILES", "hodgkin_huxley only: Allen recording CSV files and/or folders "
              "(comma-separated); fits them with ACE at every beta and NPE on one simulation set "
              "(defaults then: --num-samples 1000, --predictive-sims 100)")
      .option("npe-max-epochs", "N", "with --recording: NPE training epochs at most (default: until "
              "its patience of 20 epochs runs out)")
      .option("npe-batch-size", "N", "with --recording: NPE training minibatch size", "200")
      .flag("save-simulations", "with --recording: also write the simulation set to the run folder "
            "(simulations_theta.csv, simulations_x.csv) for --simulations")
      .option("simulations", "DIR", "with --recording: read the simulation set (its first --sims rows) "
              "from a folder written by --save-simulations instead of simulating")
      .option("ace-models", "DIR", "with --recording: load ACE's cost network(s) from an earlier run folder "
              "(model.sbi, model_member<k>.sbi) instead of training; its simulation set must be the same "
              "(use --simulations), e.g. to sample other --betas")
      .option("out", "DIR", "run folder (default: runs/<task>-<method>-seed<S>)");
  add_mcmc_options(args);
  add_simulator_options(args);
  add_estimator_option(args);
  add_restrict_options(args);
  add_embedding_option(args);
  add_theta_space_option(args, "npe (also with --recording)");
  add_common_options(args);
  return args;
}

// `--recording`: the Hodgkin–Huxley fit of real recordings (ACE and NPE on shared simulations).
int run_recording_command(const Args& args, JobSettings s, const Log& log) {
  if (s.task != "hodgkin_huxley")
    throw UsageError("--recording needs --task hodgkin_huxley (got --task " + s.task + ")");
  if (args.has("method") && s.method != "ace")
    throw UsageError("--recording runs ACE and NPE together; leave out --method");
  HHJobSettings hs;
  if (!args.has("num-samples")) s.num_samples = 1000;
  if (!args.has("predictive-sims")) s.predictive_sims = 100;
  if (s.predictive_sims < 1) throw UsageError("--predictive-sims must be positive");
  if (!args.has("out")) s.out = "runs/hodgkin_huxley-recording-seed" + std::to_string(s.seed);
  hs.recording = args.get("recording");
  if (args.has("npe-max-epochs")) {
    hs.npe_max_epochs = static_cast<int>(args.get_int("npe-max-epochs"));
    if (hs.npe_max_epochs < 1) throw UsageError("--npe-max-epochs must be positive");
  }
  hs.npe_batch_size = static_cast<int>(args.get_int("npe-batch-size"));
  if (hs.npe_batch_size < 1) throw UsageError("--npe-batch-size must be positive");
  hs.save_simulations = args.flag_set("save-simulations");
  if (args.has("simulations")) hs.simulations_from = args.get("simulations");
  if (args.has("ace-models")) {
    if (args.has("ace-members"))
      throw UsageError("--ace-models loads the members an earlier run trained; leave out --ace-members");
    if (args.flag_set("ace-per-term") || args.has("ace-hidden") || args.has("ace-blocks") ||
        args.has("ace-targets-per-theta") || args.has("ace-loss"))
      throw UsageError("--ace-models loads the networks an earlier run trained; leave out --ace-per-term, "
                       "--ace-hidden, --ace-blocks, --ace-targets-per-theta and --ace-loss");
    hs.ace_models_from = args.get("ace-models");
  }
  StagedOutputFolder folder(s.out);  // the run appears in --out only once it has finished
  const std::string target = s.out;
  s.out = folder.path();
  hs.job = s;
  log.info("sbi run: ACE and NPE on Allen recording(s) " + hs.recording + " with " + std::to_string(s.sims) +
           " simulations, seed " + std::to_string(s.seed) + ", " + std::to_string(num_threads()) +
           " threads -> " + target + " (written to " + s.out + " until it finishes)");
  const auto t0 = std::chrono::steady_clock::now();
  nlohmann::json summary = provenance();
  summary["settings"] = {{"task", s.task}, {"methods", {"ace", "npe"}}, {"recording", hs.recording},
                         {"sims", s.sims}, {"seed", s.seed}, {"betas", s.betas},
                         {"num_samples", s.num_samples}, {"predictive_sims", s.predictive_sims},
                         {"distance", "mae_zscored"}, {"ace_max_epochs", s.max_epochs},
                         {"ace_patience", s.patience}, {"ace_batch_size", s.batch_size},
                         {"ace_learning_rate", s.learning_rate}, {"npe_estimator", s.estimator},
                         {"npe_theta_space", inference::theta_space_name(s.theta_space)},
                         {"npe_max_epochs", hs.npe_max_epochs},
                         {"npe_batch_size", hs.npe_batch_size}, {"simulations_from", hs.simulations_from},
                         {"ace_models_from", hs.ace_models_from},
                         {"mcmc", mcmc_json(s.mcmc)},
                         {"ace_observed_fraction", s.ace_observed_fraction},
                         {"ace_members", s.ace_members}, {"ace_disagreement", s.ace_disagreement},
                         {"ace_per_term", s.ace_per_term},
                         {"ace_hidden", s.ace_hidden}, {"ace_blocks", s.ace_blocks},
                         {"ace_targets_per_theta", s.ace_targets_per_theta}, {"ace_loss", s.ace_loss},
                         {"threads", num_threads()}};
  summary["result"] = run_hodgkin_huxley_job(hs, log);
  if (!hs.ace_models_from.empty()) {  // the loaded networks' settings, not the flags' defaults
    const nlohmann::json& loaded = summary["result"]["ace_training"];
    for (const char* key : {"members", "per_term", "hidden", "blocks"})
      summary["settings"][std::string("ace_") + key] = loaded[key];
  }
  summary["seconds_total"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  write_json(s.out + "/summary.json", summary);
  folder.commit();
  log.info("wrote " + target + "/summary.json, metrics.csv, samples_*.csv, model.sbi (ACE), npe.sbi and figures (*.svg)");
  require_no_failed_results(summary["result"], target);
  return 0;
}

int run_command(const std::vector<std::string>& words) {
  Args args = run_args();
  if (!parse_command_line(args, words)) return 0;
  const Log log = log_from(args);
  sim::Task task = problem_from_args(args);  // a built-in task, or a prior file

  JobSettings s;
  s.task = task.name;
  s.method = args.get("method");
  s.sims = args.get_int("sims");
  s.seed = static_cast<std::uint64_t>(args.get_int("seed"));
  s.betas = args.has("betas") ? parse_number_list(args.get("betas"), "betas") : reference_betas(s.task);
  s.num_samples = args.get_int("num-samples");
  s.predictive_sims = args.get_int("predictive-sims");
  s.distance = args.get("distance");
  s.max_epochs = static_cast<int>(args.get_int("max-epochs"));
  s.patience = static_cast<int>(args.get_int("patience"));
  s.batch_size = static_cast<int>(args.get_int("batch-size"));
  s.learning_rate = args.get_double("lr");
  s.num_range_sims = args.get_int("range-sims");
  s.mcmc = mcmc_settings_from(args);
  s.ace_observed_fraction = args.get_double("ace-observed-fraction");
  if (!(s.ace_observed_fraction >= 0 && s.ace_observed_fraction <= 1))
    throw UsageError("--ace-observed-fraction must be in [0, 1]");
  s.ace_members = args.get_int("ace-members");
  if (s.ace_members < 1) throw UsageError("--ace-members must be at least 1");
  s.ace_per_term = args.flag_set("ace-per-term");
  s.ace_hidden = args.get_int("ace-hidden");
  s.ace_blocks = args.get_int("ace-blocks");
  if (s.ace_hidden < 1 || s.ace_blocks < 1) throw UsageError("--ace-hidden and --ace-blocks must be at least 1");
  s.ace_targets_per_theta = args.get_int("ace-targets-per-theta");
  if (s.ace_targets_per_theta < 1) throw UsageError("--ace-targets-per-theta must be at least 1");
  s.ace_loss = args.get("ace-loss");
  if (s.ace_loss != "squared" && s.ace_loss != "poisson")
    throw UsageError("--ace-loss must be squared or poisson, got '" + s.ace_loss + "'");
  s.ace_disagreement = args.get_double("ace-disagreement");
  if (!(s.ace_disagreement >= 0) || !std::isfinite(s.ace_disagreement))
    throw UsageError("--ace-disagreement must be a number ≥ 0");
  s.out = args.has("out") ? args.get("out")
                          : "runs/" + s.task + "-" + s.method + "-seed" + std::to_string(s.seed);
  if (s.sims < 10) throw UsageError("--sims must be at least 10");
  if (s.num_samples < 1) throw UsageError("--num-samples must be positive");
  for (double b : s.betas)
    if (!(b > 0)) throw UsageError("--betas must be positive numbers");
  s.estimator = args.get("estimator");
  s.restriction = restriction_option(args);
  s.embedding = embedding_option(args, s.method);
  s.theta_space = theta_space_option(args);
  const std::vector<std::string> methods = {"ace", "npe", "nle", "nre", "nre-c", "rej-abc"};
  if (std::find(methods.begin(), methods.end(), s.method) == methods.end())
    throw UsageError("unknown method '" + s.method + "' (ace, npe, nle, nre, nre-c, rej-abc)");
  if (s.method != "ace" && !args.has("max-epochs")) s.max_epochs = 1 << 30;  // sbi: until patience ends
  if (s.method != "ace" && (args.has("ace-members") || args.has("ace-disagreement") || s.ace_per_term ||
                           args.has("ace-hidden") || args.has("ace-blocks") || args.has("ace-targets-per-theta") ||
                           args.has("ace-loss")))
    throw UsageError("--ace-members, --ace-disagreement, --ace-per-term, --ace-hidden, --ace-blocks, "
                     "--ace-targets-per-theta and --ace-loss apply to --method ace");
  if (s.ace_per_term && !inference::task_distance_has_terms(task, s.distance))
    throw UsageError("--ace-per-term needs a distance that is a mean of per-value terms (mse, mae_zscored); --distance " +
                     s.distance + " of task " + s.task + " is not");

  if (args.has("recording")) {
    if (args.has("simulator")) throw UsageError("--recording simulates Hodgkin–Huxley itself; leave out --simulator");
    if (s.restriction || s.embedding.enabled())
      throw UsageError("--restrict and --embedding apply to runs without --recording");
    return run_recording_command(args, s, log);
  }
  // Completed simulation batches live beside the run folder, so a failed run's rerun reuses them.
  const auto external = attach_simulator(args, task, s.out + ".simulator", log);  // bad flags: before any folder
  require_simulator(task, "run");
  StagedOutputFolder folder(s.out);  // the run appears in --out only once it has finished
  const std::string target = s.out;
  s.out = folder.path();
  log.info("sbi run: " + s.method + " on " + s.task + " with " + std::to_string(s.sims) +
           " simulations, seed " + std::to_string(s.seed) + ", " + std::to_string(num_threads()) +
           " threads -> " + target + " (written to " + s.out + " until it finishes)");
  const auto t0 = std::chrono::steady_clock::now();
  const auto observations = default_observations(task, s.seed, s.num_range_sims, log);
  name_simulated_data(task);
  MatrixD obs_matrix(static_cast<Index>(observations.size()), task.x_dim());
  for (std::size_t k = 0; k < observations.size(); ++k) obs_matrix.row(static_cast<Index>(k)) = observations[k].x;
  write_csv(s.out + "/observations.csv", obs_matrix, task.data_names);
  write_csv(s.out + "/true_parameters.csv", MatrixD(observations[0].theta), task.parameter_names);

  nlohmann::json summary = provenance();
  summary["settings"] = {{"task", s.task}, {"method", s.method}, {"sims", s.sims}, {"seed", s.seed},
                         {"betas", s.betas}, {"num_samples", s.num_samples},
                         {"predictive_sims", s.predictive_sims}, {"distance", s.distance},
                         {"max_epochs", s.max_epochs}, {"patience", s.patience},
                         {"batch_size", s.batch_size}, {"learning_rate", s.learning_rate},
                         {"estimator", s.estimator},
                         {"theta_space", inference::theta_space_name(s.theta_space)},
                         {"mcmc", mcmc_json(s.mcmc)}, {"ace_observed_fraction", s.ace_observed_fraction},
                         {"ace_members", s.ace_members}, {"ace_disagreement", s.ace_disagreement},
                         {"ace_per_term", s.ace_per_term},
                         {"ace_hidden", s.ace_hidden}, {"ace_blocks", s.ace_blocks},
                         {"ace_targets_per_theta", s.ace_targets_per_theta}, {"ace_loss", s.ace_loss},
                         {"threads", num_threads()}};
  if (s.restriction) summary["settings"]["restrict"] = s.restriction->rule.str();
  if (s.embedding.enabled()) summary["settings"]["embedding"] = s.embedding.str();
  summary["parameter_names"] = task.parameter_names;
  summary["data_names"] = task.data_names;
  if (!task.prior_json.empty()) summary["settings"]["prior"] = nlohmann::json::parse(task.prior_json);
  nlohmann::json obs_json = nlohmann::json::array();
  for (const auto& o : observations) {
    nlohmann::json j = {{"name", o.name}, {"x", std::vector<double>(o.x.data(), o.x.data() + o.x.size())}};
    if (o.has_truth) j["true_theta"] = std::vector<double>(o.theta.data(), o.theta.data() + o.theta.size());
    obs_json.push_back(j);
  }
  summary["observations"] = obs_json;
  summary["result"] = s.method == "ace" ? run_ace_job(s, task, observations, log)
                                        : run_method_job(s, task, observations, log);
  summary["seconds_total"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (external) summary["external_simulator"] = external_simulator_json(*external);
  log_simulator_counts(external.get(), log);
  write_json(s.out + "/summary.json", summary);
  folder.commit();
  log.info("wrote " + target + "/summary.json, samples_*.csv, model.sbi and figures (*.svg)");
  require_no_failed_results(summary["result"], target);
  return 0;
}

}  // namespace

SBI_COMMAND("run", "run an end-to-end job (default: ACE on two_moons)", run_command);

}  // namespace sbi::cli
