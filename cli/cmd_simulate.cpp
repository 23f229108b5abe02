// `sbi simulate --task T --num N --seed S --out x.csv [--theta-out theta.csv]`: draws N θ from the
// task's prior (or reads them with --theta) and writes the simulations as CSV with a header.
// θ uses seed derive_seed(S, 1), the simulations derive_seed(S, 2); row i of each uses its own
// stream, so the files do not depend on --threads. With --task hodgkin_huxley --recording FILES
// the simulations use the stimulus protocol that `sbi run --recording FILES` uses (e.g. for
// posterior-predictive checks of draws from a run's model.sbi or npe.sbi).
#include <iostream>

#include "cli/args.hpp"
#include "cli/command.hpp"
#include "cli/hh_recordings.hpp"
#include "cli/job.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "simulators/task.hpp"
#include "simulators/tasks.hpp"

namespace sbi::cli {

namespace {

int run_simulate(const std::vector<std::string>& words) {
  std::string names;
  for (const auto& n : sim::task_names()) names += (names.empty() ? "" : ", ") + n;
  Args args("simulate", "Simulates a benchmark task: θ from the prior (or a CSV), x written as CSV.");
  args.option("task", "NAME", "task name (" + names + ")")
      .option("num", "N", "number of simulations (θ drawn from the prior)")
      .option("theta", "FILE", "read θ rows from this CSV (with header) instead of sampling the prior")
      .option("seed", "S", "random seed", "0")
      .option("out", "FILE", "output CSV for the simulations x")
      .option("theta-out", "FILE", "also write the θ rows to this CSV")
      .option("recording", "FILES", "hodgkin_huxley only: simulate under the stimulus protocol of these Allen "
              "recordings (files and/or folders), as `sbi run --recording FILES` does");
  add_common_options(args);
  if (!parse_command_line(args, words)) return 0;
  const Log log = log_from(args);
  if (!args.has("task")) throw UsageError("--task is required (one of: " + names + ")");
  if (!args.has("out")) throw UsageError("--out is required");
  if (args.has("num") == args.has("theta")) throw UsageError("give exactly one of --num and --theta");
  check_output_options(args, {"out", "theta-out"}, {"theta", "recording"});
  if (args.has("recording") && args.get("task") != "hodgkin_huxley")
    throw UsageError("--recording needs --task hodgkin_huxley (got --task " + args.get("task") + ")");
  const sim::Task task = args.has("recording")
                             ? sim::make_hodgkin_huxley_task(load_hh_recordings(args.get("recording")).protocol)
                             : sim::make_task(args.get("task"));
  const long long seed_value = args.get_int("seed");
  if (seed_value < 0) throw UsageError("--seed must be >= 0, got " + std::to_string(seed_value));
  const auto seed = static_cast<std::uint64_t>(seed_value);

  MatrixD theta;
  if (args.has("theta")) {
    theta = read_csv_matrix(args.get("theta"));
    if (theta.cols() != task.theta_dim())
      throw ShapeError("--theta " + args.get("theta") + " has " + std::to_string(theta.cols()) +
                       " columns; task '" + task.name + "' has θ dimension " + std::to_string(task.theta_dim()));
  } else {
    const long long n = args.get_int("num");
    if (n <= 0) throw UsageError("--num must be positive, got " + std::to_string(n));
    theta = task.sample_prior(n, derive_seed(seed, 1));
  }
  const MatrixD x = simulate_with_progress(task, theta, derive_seed(seed, 2), log);
  Index nonfinite = 0;
  for (Index i = 0; i < x.rows(); ++i) nonfinite += !x.row(i).allFinite();
  write_csv(args.get("out"), x, task.data_names);
  if (args.has("theta-out")) write_csv(args.get("theta-out"), theta, task.parameter_names);
  log.info("simulated " + std::to_string(x.rows()) + " x " + std::to_string(task.x_dim()) + " for task '" +
           task.name + "'" + (nonfinite ? " (" + std::to_string(nonfinite) + " rows non-finite)" : std::string()) +
           " -> " + args.get("out"));
  return 0;
}

}  // namespace

SBI_COMMAND("simulate", "simulate a benchmark task (θ from the prior) to CSV", run_simulate);

}  // namespace sbi::cli
