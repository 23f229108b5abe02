// `sbi train --task T --method M --sims N --out model.sbi`: simulates from the prior, trains
// the method's network and saves it for `sbi sample` (in any later process). Training settings
// default to each method's reference: ACE's (Adam 1e-3, batch 500, patience 100, at most 1000
// epochs) or sbi's for the others (Adam 5e-4, batch 200, patience 20, until patience runs out).
#include <algorithm>
#include <iostream>

#include "cli/args.hpp"
#include "cli/command.hpp"
#include "cli/job.hpp"
#include "cli/train_method.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "inference/ace.hpp"
#include "inference/method.hpp"
#include "inference/task_distance.hpp"

namespace sbi::cli {

namespace {

int train_command(const std::vector<std::string>& words) {
  Args args("train", "Simulates from a task's prior and trains an inference network.");
  args.option("task", "NAME", "benchmark task (see 'sbi tasks')", "two_moons")
      .option("method", "NAME", "inference method: ace, npe, nle, nre, nre-c or rej-abc", "ace")
      .option("sims", "N", "number of simulations", "10000")
      .option("seed", "S", "random seed", "0")
      .option("max-epochs", "N", "training epochs at most (default: ACE 1000, others until patience runs out)")
      .option("patience", "N", "stop after N epochs without validation improvement (default: ACE 100, others 20)")
      .option("batch-size", "N", "training minibatch size (default: ACE 500, others 200)")
      .option("lr", "RATE", "Adam learning rate (default: ACE 0.001, others 0.0005)")
      .option("out", "FILE", "model file to write");
  add_estimator_option(args);
  add_theta_space_option(args, "npe");
  add_common_options(args);
  if (!parse_command_line(args, words)) return 0;
  if (!args.has("out")) throw UsageError("missing --out");
  check_output_options(args, {"out"}, {"simulations"});
  const std::string method = args.get("method");
  const auto names = inference::method_names();
  if (method != "ace" && std::find(names.begin(), names.end(), method) == names.end())
    throw UsageError("unknown method '" + method + "' (available: ace, npe, nle, nre, nre-c, rej-abc)");
  const Log log = log_from(args);
  const auto seed = static_cast<std::uint64_t>(args.get_int("seed"));
  const Index sims = args.get_int("sims");
  if (sims < 10) throw UsageError("--sims must be at least 10");

  const sim::Task task = sim::make_task(args.get("task"));
  const SimulationSet simulations = simulate_from_prior(task, sims, seed, log);
  const MatrixD& theta = simulations.theta;
  const MatrixD& x = simulations.x;
  if (method != "ace") {
    MethodJob job;
    job.method = method;
    job.estimator = args.get("estimator");
    job.theta_space = theta_space_option(args);
    job.seed = seed;
    apply_training_flags(args, job.training);
    auto trained = train_method(job, task, theta, x, log);
    trained->save(args.get("out"), task.name);
    log.info("wrote " + args.get("out"));
    return 0;
  }
  inference::AceOptions options;
  options.seed = derive_seed(seed, 3);
  inference::Ace ace(task.prior, inference::pair_distance_for_task(task), options);
  ace.append_simulations(theta, x);
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
  ace.save(args.get("out"), task.name);
  log.info("wrote " + args.get("out"));
  return 0;
}

}  // namespace

SBI_COMMAND("train", "simulate and train an inference network, saving it to a model file", train_command);

}  // namespace sbi::cli
