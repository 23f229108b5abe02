// `sbi train --task T --method ace --sims N --out model.sbi`: simulates from the prior, trains
// the method's network and saves it for `sbi sample` (in any later process).
#include <iostream>

#include "cli/args.hpp"
#include "cli/command.hpp"
#include "cli/job.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "inference/ace.hpp"
#include "inference/task_distance.hpp"

namespace sbi::cli {

namespace {

int train_command(const std::vector<std::string>& words) {
  Args args("train", "Simulates from a task's prior and trains an inference network.");
  args.option("task", "NAME", "benchmark task (see 'sbi tasks')", "two_moons")
      .option("method", "NAME", "inference method: ace", "ace")
      .option("sims", "N", "number of simulations", "10000")
      .option("seed", "S", "random seed", "0")
      .option("max-epochs", "N", "training epochs at most", "1000")
      .option("patience", "N", "stop after N epochs without validation improvement", "100")
      .option("batch-size", "N", "training minibatch size", "500")
      .option("lr", "RATE", "Adam learning rate", "0.001")
      .option("out", "FILE", "model file to write");
  add_common_options(args);
  if (!parse_command_line(args, words)) return 0;
  if (!args.has("out")) throw UsageError("missing --out");
  if (args.get("method") != "ace") throw UsageError("unknown method '" + args.get("method") + "' (available: ace)");
  const Log log = log_from(args);
  const auto seed = static_cast<std::uint64_t>(args.get_int("seed"));
  const Index sims = args.get_int("sims");
  if (sims < 10) throw UsageError("--sims must be at least 10");

  const sim::Task task = sim::make_task(args.get("task"));
  const SimulationSet simulations = simulate_from_prior(task, sims, seed, log);
  const MatrixD& theta = simulations.theta;
  const MatrixD& x = simulations.x;
  inference::AceOptions options;
  options.seed = derive_seed(seed, 3);
  inference::Ace ace(task.prior, inference::pair_distance_for_task(task), options);
  ace.append_simulations(theta, x);
  nn::TrainOptions train = inference::ace_reference_training();
  train.max_epochs = static_cast<int>(args.get_int("max-epochs"));
  train.patience = static_cast<int>(args.get_int("patience"));
  train.batch_size = static_cast<int>(args.get_int("batch-size"));
  train.adam.learning_rate = args.get_double("lr");
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
