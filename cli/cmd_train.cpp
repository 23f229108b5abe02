// `sbi train --task T | --prior P.json --method M [--sims N | --theta θ --x x] --out model.sbi`:
// trains the method's network on simulations from the task's prior, or on the user's own
// simulations read from θ/x files (.npy or CSV; simulators/training_files.hpp checks them), and
// saves it for `sbi sample` (in any later process). The model file records the task's name or
// the prior file (simulators/model_tag.hpp). Rows with non-finite x are dropped and counted.
// Training settings default to each method's reference: ACE's (Adam 1e-3, batch 500, patience
// 100, at most 1000 epochs) or sbi's for the others (Adam 5e-4, batch 200, patience 20, until
// patience runs out).
#include <algorithm>
#include <iostream>

#include "cli/args.hpp"
#include "cli/command.hpp"
#include "cli/job.hpp"
#include "cli/problem_options.hpp"
#include "cli/restrict_option.hpp"
#include "cli/simulator_options.hpp"
#include "cli/train_method.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "inference/ace.hpp"
#include "inference/method.hpp"
#include "inference/task_distance.hpp"
#include "simulators/model_tag.hpp"
#include "simulators/training_files.hpp"

namespace sbi::cli {

namespace {

void declare_train_options(Args& args) {
  add_problem_options(args);
  args.option("method", "NAME", "inference method: ace, npe, nle, nre, nre-c or rej-abc", "ace")
      .option("sims", "N", "number of simulations (when simulating)", "10000")
      .option("theta", "FILE", "train on your own simulations: θ rows (.npy or CSV, with or without a header)")
      .option("x", "FILE", "... and their x rows, in the same order (rows with NaN/inf x are dropped and counted)")
      .option("distance", "KIND", "ACE distance: task (the task's own), mse or mae_zscored; with --prior: mse or "
                                  "mae_zscored, required")
      .option("seed", "S", "random seed", "0")
      .option("max-epochs", "N", "training epochs at most (default: ACE 1000, others until patience runs out)")
      .option("patience", "N", "stop after N epochs without validation improvement (default: ACE 100, others 20)")
      .option("batch-size", "N", "training minibatch size (default: ACE 500, others 200)")
      .option("lr", "RATE", "Adam learning rate (default: ACE 0.001, others 0.0005)")
      .option("out", "FILE", "model file to write");
  add_estimator_option(args);
  add_restrict_options(args);
  add_embedding_option(args);
  add_theta_space_option(args, "npe");
  add_simulator_options(args);
  add_common_options(args);
}

// The ACE distance from --distance; a prior file has no distance of its own, so it must be named.
std::string ace_distance_kind(const Args& args, const std::string& method) {
  if (!args.has("distance")) {
    if (method == "ace" && uses_prior_file(args))
      throw UsageError("--method ace with --prior needs --distance mse or --distance mae_zscored");
    return "task";
  }
  if (method != "ace") throw UsageError("--distance applies to --method ace");
  const std::string kind = args.get("distance");
  if (kind != "mse" && kind != "mae_zscored" && !(kind == "task" && !uses_prior_file(args)))
    throw UsageError("--distance must be " + std::string(uses_prior_file(args) ? "" : "task, ") +
                     "mse or mae_zscored, got '" + kind + "'");
  return kind;
}

// θ and x: read from --theta/--x (the task learns x's names when it has no simulator), or
// simulated from the prior.
SimulationSet training_simulations(const Args& args, sim::Task& task, std::uint64_t seed, const Log& log) {
  if (args.has("theta") != args.has("x")) throw UsageError("--theta and --x go together");
  if (!args.has("theta")) {
    const auto external = attach_simulator(args, task, args.get("out") + ".simulator", log);
    require_simulator(task, "train");
    const Index sims = args.get_int("sims");
    if (sims < 10) throw UsageError("--sims must be at least 10");
    SimulationSet set = simulate_training_set(task, sims, seed, restriction_option(args), log);
    log_simulator_counts(external.get(), log);
    name_simulated_data(task);
    return set;
  }
  if (args.has("restrict")) throw UsageError("--restrict applies when simulating; --theta and --x give the simulations");
  if (args.has("sims")) throw UsageError("--sims applies when simulating; --theta and --x give the simulations");
  if (args.has("simulator")) throw UsageError("--simulator simulates; --theta and --x already give the simulations");
  sim::TrainingFiles files = sim::read_training_files(args.get("theta"), args.get("x"), task);
  task = sim::with_data_names(std::move(task), files.x_names);
  log.info("read " + std::to_string(files.theta.rows()) + " simulations (θ " + std::to_string(files.theta.cols()) +
           " columns, x " + std::to_string(files.x.cols()) + ") from " + args.get("theta") + " and " + args.get("x"));
  SimulationSet set;
  set.theta = std::move(files.theta);
  set.x = std::move(files.x);
  return set;
}

// The rows of x without NaN/inf (mae_zscored's scales are computed on them).
MatrixD finite_rows(const MatrixD& x) {
  std::vector<Index> keep;
  for (Index i = 0; i < x.rows(); ++i)
    if (x.row(i).allFinite()) keep.push_back(i);
  return x(keep, Eigen::placeholders::all);
}

void train_ace(const Args& args, const sim::Task& task, const SimulationSet& sims, const std::string& distance,
               std::uint64_t seed, const Log& log) {
  inference::AceOptions options;
  options.seed = derive_seed(seed, 3);
  options.embedding = embedding_option(args, "ace");
  inference::Ace ace(task.prior, inference::pair_distance_for_task(task, distance, finite_rows(sims.x)), options);
  const Index dropped = ace.append_simulations(sims.theta, sims.x);
  if (dropped > 0) log.info("  dropped " + std::to_string(dropped) + " simulations with non-finite x");
  nn::TrainOptions train = inference::ace_reference_training();
  train.max_epochs = 1000;
  apply_training_flags(args, train);
  train.seed = derive_seed(seed, 4);
  train.progress = !log.quiet();
  {
    Stage stage(log, "training the ACE cost network");
    const auto result = ace.train(train);
    log.info("  " + std::to_string(result.epochs.size()) + " epochs, best validation loss " +
             std::to_string(result.best_validation_loss));
  }
  ace.save(args.get("out"), sim::model_tag(task));
}

int train_command(const std::vector<std::string>& words) {
  Args args("train", "Trains an inference network on simulations of a task or prior file, or read from files.");
  declare_train_options(args);
  if (!parse_command_line(args, words)) return 0;
  if (!args.has("out")) throw UsageError("missing --out");
  check_output_options(args, {"out"}, {"theta", "x", "prior"});
  const std::string method = args.get("method");
  const auto names = inference::method_names();
  if (method != "ace" && std::find(names.begin(), names.end(), method) == names.end())
    throw UsageError("unknown method '" + method + "' (available: ace, npe, nle, nre, nre-c, rej-abc)");
  sim::Task task = problem_from_args(args);
  const std::string distance = ace_distance_kind(args, method);
  embedding_option(args, method);  // a bad --embedding fails before simulating
  const Log log = log_from(args);
  const auto seed = static_cast<std::uint64_t>(args.get_int("seed"));
  const SimulationSet simulations = training_simulations(args, task, seed, log);
  if (method == "ace") {
    train_ace(args, task, simulations, distance, seed, log);
  } else {
    MethodJob job;
    job.method = method;
    job.estimator = args.get("estimator");
    job.embedding = embedding_option(args, method);
    job.theta_space = theta_space_option(args);
    job.seed = seed;
    apply_training_flags(args, job.training);
    auto trained = train_method(job, task, simulations.theta, simulations.x, log);
    trained->save(args.get("out"), sim::model_tag(task));
  }
  log.info("wrote " + args.get("out"));
  return 0;
}

}  // namespace

SBI_COMMAND("train", "train an inference network (on simulations or θ/x files), saving it to a model file",
            train_command);

}  // namespace sbi::cli
