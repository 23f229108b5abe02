// `sbi train --task T | --prior P.json --method M [--sims N | --theta θ --x x] --out model.sbi`:
// trains the method's network on simulations from the task's prior, or on the user's own
// simulations read from θ/x files (.npy or CSV; datasets/training_files.hpp checks them), and
// saves it for `sbi sample` (in any later process). The model file records the task's name or
// the prior file (simulators/model_tag.hpp). Rows with non-finite x are dropped and counted.
// Training settings default to each method's reference: ACE's (Adam 1e-3, batch 500, patience
// 100, at most 1000 epochs) or sbi's for the others (Adam 5e-4, batch 200, patience 20, until
// patience runs out).
// --store DIR trains on a simulation store, read chunk by chunk (pipelines/training_data.hpp).
#include "pipelines/device_backend.hpp"
#include "cli/command.hpp"
#include "cli/method_options.hpp"
#include "cli/field_flags.hpp"
#include "inference/method.hpp"
#include "pipelines/model_inputs.hpp"
#include "pipelines/sequential_fields.hpp"
#include "pipelines/train_sequential.hpp"
#include "pipelines/training_data.hpp"
#include "sequential/sequential.hpp"

namespace sbi::cli {

namespace {

const FlagSet& sequential_flags() {
  static const FlagSet flags{{"rounds", "atoms"}, {}, {}};
  return flags;
}

void declare_train_options(Args& args) {
  add_problem_options(args);
  args.option("method", "NAME", "inference method: ace, npe, nle, nre, nre-b, nre-c or rej-abc; or the multi-round "
                                 "snpe-a, snpe-b, snpe-c, snle, snre, snre-b, snre-c for one --observation", "ace")
      .option("sims", "N", "number of simulations (when simulating)", "10000")
      .option("theta", "FILE", "train on your own simulations: θ rows (.npy or CSV, with or without a header)")
      .option("x", "FILE", "... and their x rows, in the same order (rows with NaN/inf x are dropped and counted)")
      .option("distance", "KIND", "ACE distance: task (the task's own), mse or mae_zscored; with --prior: mse or "
                                  "mae_zscored, required")
      .option("seed", "S", "random seed", "0")
      .option("out", "FILE", "model file to write")
      .option("observation", "FILE", "multi-round methods: the observation x_o the rounds focus on (one row)");
  add_field_flags(args, sequential_job_fields(), SequentialJobSettings{}, sequential_flags());
  add_training_options(args, true);
  add_estimator_option(args);
  add_restrict_options(args);
  add_embedding_option(args);
  add_theta_space_option(args, "npe, nle, nre* and the multi-round methods but snpe-a");
  add_simulator_options(args);
  args.option("store", "DIR", "train on the simulations of this store (`sbi simulate --store DIR`); the task is "
              "the store's");
  add_device_option(args);
  add_common_options(args);
}

// θ and x from the store, the files or the simulator (pipelines/training_data.hpp).
pipelines::TrainingSet training_simulations(const Args& args, sim::Task& task, std::uint64_t seed, const Log& log) {
  TrainingDataSettings d{args.get("store"), args.get("theta"), args.get("x"), std::nullopt, restriction_option(args),
                         args.has("simulator"), args.has("task") || args.has("prior")};
  if (args.has("sims")) d.sims = args.get_int("sims");
  check_training_data(d);
  const auto external = d.simulates() ? attach_simulator(args, task, args.get("out") + ".simulator", log) : nullptr;
  if (d.simulates()) require_simulator(task, "train");
  pipelines::TrainingSet set = training_data(d, task, seed, log);
  log_simulator_counts(external.get(), log);
  return set;
}

// The multi-round methods: simulated round by round for one observation (no --theta/--x/--store).
int train_sequential(const Args& args) {
  for (const char* name : {"theta", "x", "store", "distance"})
    if (args.has(name)) throw UsageError(std::string("--") + name + " does not go with the multi-round methods");
  if (!args.has("observation")) throw UsageError("--method " + args.get("method") + " needs --observation FILE (x_o)");
  sim::Task task = problem_from_args(args);
  const Log log = log_from(args);
  const MatrixD x_o = read_observation_rows(args.get("observation"), task);
  const auto external = attach_simulator(args, task, args.get("out") + ".simulator", log);
  require_simulator(task, "train");
  SequentialTrainSettings s;
  SequentialJobSettings& q = s.rounds;
  q.method = inference::parse_sequential_method(args.get("method"));
  q.estimator = estimator_option(args, args.get("method"));
  q.theta_space = theta_space_option(args);
  read_field_flags(args, sequential_job_fields(), q, sequential_flags());
  q.seed = static_cast<std::uint64_t>(args.get_int("seed"));
  q.overrides = training_overrides(args);
  q.embedding = embedding_option(args, args.get("method"));
  q.restriction = round_restriction(restriction_option(args));
  s.sims = args.get_int("sims");
  s.out = args.get("out");
  s.device = device_option(args);
  train_sequential_and_save(s, task, x_o.row(0), log);
  log_simulator_counts(external.get(), log);
  log.info("wrote " + s.out);
  return 0;
}

int train_command(const std::vector<std::string>& words) {
  Args args("train", "Trains an inference network on simulations of a task or prior file, or read from files.");
  declare_train_options(args);
  if (!parse_command_line(args, words)) return 0;
  if (!args.has("out")) throw UsageError("missing --out");
  check_output_options(args, {"out"}, {"theta", "x", "prior", "store", "observation"});
  const std::string method = args.get("method");
  pipelines::require_cpu_only(device_option(args), "train --method " + method);
  if (inference::is_sequential_method(method)) return train_sequential(args);
  if (args.has("observation")) throw UsageError("--observation applies to the multi-round methods (snpe-c, snle, ...)");
  check_train_method(method);
  sim::Task task = problem_from_args(args);
  const std::string distance = ace_distance_kind(
      method, args.has("distance") ? std::optional(args.get("distance")) : std::nullopt, args.has("prior"));
  embedding_option(args, method);  // a bad --embedding fails before simulating
  const Log log = log_from(args);
  const auto seed = static_cast<std::uint64_t>(args.get_int("seed"));
  const pipelines::TrainingSet simulations = training_simulations(args, task, seed, log);
  TrainJobSettings settings;
  settings.method = method;
  settings.estimator = args.get("estimator");
  settings.theta_space = theta_space_option(args);
  settings.embedding = embedding_option(args, method);
  settings.seed = seed;
  settings.training = training_overrides(args);
  settings.distance = distance;
  settings.out = args.get("out");
  settings.device = device_option(args);
  train_and_save(settings, task, simulations.theta, simulations.x, log, simulations.restricted);
  log.info("wrote " + args.get("out"));
  return 0;
}

}  // namespace

SBI_COMMAND("train", "train an inference network (on simulations or θ/x files), saving it to a model file",
            train_command);

}  // namespace sbi::cli
