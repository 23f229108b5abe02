// `sbi simulate --task T --num N --seed S --out x.csv [--theta-out theta.csv]`: draws N θ from the
// task's prior (or reads them with --theta, .npy or CSV) and writes the simulations as CSV with a
// header, or as .npy when --out ends in .npy (pipelines/simulate_files.hpp: θ and x use the job's
// training-set streams; row i of each its own stream, so the files do not depend on --threads). With --task hodgkin_huxley --recording FILES
// the simulations use the stimulus protocol that `sbi fit-recordings --recording FILES` uses (e.g. for
// posterior-predictive checks of draws from a run's model.sbi or npe.sbi).
// With --store DIR the rows go to a chunked, resumable simulation store instead (pipelines/store_jobs.hpp).
// Under MPI (`mpirun -np N sbi simulate ...`) the rows are split over the ranks
// (datasets/simulate_over_ranks.hpp, or the store's chunks) and rank 0 alone writes the
// outputs and the log; the files are identical to a one-process run.
// --device cuda runs the Hodgkin–Huxley simulations on the GPU (pipelines/device_backend.hpp:
// Philox noise, so the same model in distribution but not the CPU's rows); other tasks, --store
// and MPI refuse it.

#include "cli/device_option.hpp"
#include "cli/args.hpp"
#include "cli/command.hpp"
#include "pipelines/hh_recordings.hpp"
#include "cli/common_options.hpp"
#include "cli/problem_options.hpp"
#include "cli/simulator_options.hpp"
#include "cli/store_options.hpp"
#include "pipelines/simulate_files.hpp"
#include "core/communicator.hpp"
#include "pipelines/device_backend.hpp"
#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "simulators/task.hpp"
#include "simulators/tasks.hpp"

namespace sbi::cli {

namespace {

Args simulate_args() {
  Args args("simulate", "Simulates a benchmark task: θ from the prior (or a file), x written as CSV or .npy.");
  add_problem_options(args, "");
  args.option("num", "N", "number of simulations (θ drawn from the prior)")
      .option("theta", "FILE", "read θ rows from this file (.npy, or CSV with or without a header) instead of "
                               "sampling the prior")
      .option("seed", "S", "random seed", "0")
      .option("out", "FILE", "output file for the simulations x: CSV with a header, or .npy")
      .option("theta-out", "FILE", "also write the θ rows to this file (CSV or .npy)")
      .option("recording", "FILES", "hodgkin_huxley only: simulate under the stimulus protocol of these Allen "
              "recordings (files and/or folders), as `sbi fit-recordings --recording FILES` does");
  add_simulator_options(args);
  add_store_options(args);
  add_device_option(args);
  add_common_options(args);
  return args;
}

int run_simulate(const std::vector<std::string>& words) {
  std::string names;
  for (const auto& n : sim::task_names()) names += (names.empty() ? "" : ", ") + n;
  Args args = simulate_args();
  if (!parse_command_line(args, words)) return 0;
  const Log log = Communicator::world().is_root() ? log_from(args) : Log(Verbosity::Quiet);
  check_store_flags(args);
  if (!args.has("task") && !args.has("prior"))
    throw UsageError("--task (one of: " + names + ") or --prior is required");
  if (!args.has("out") && !args.has("store")) throw UsageError("--out (or --store DIR) is required");
  if (args.has("num") == args.has("theta")) throw UsageError("give exactly one of --num and --theta");
  check_output_options(args, {"out", "theta-out"}, {"theta", "recording", "prior"});
  if (args.has("recording") && args.get("task") != "hodgkin_huxley")
    throw UsageError("--recording needs --task hodgkin_huxley (got --task " + args.get("task") + ")");
  sim::Task task = args.has("recording")
                             ? sim::make_hodgkin_huxley_task(load_hh_recordings(args.get("recording")).protocol)
                             : problem_from_args(args);
  if (args.has("recording") && args.has("simulator"))
    throw UsageError("--recording simulates Hodgkin–Huxley itself; leave out --simulator");
  const auto external = attach_simulator(args, task, simulator_work_base(args) + ".simulator", log);
  require_simulator(task, "simulate");
  const auto seed = static_cast<std::uint64_t>(args.get_int("seed"));  // ≥ 0 (cli/option_limits.cpp)
  const Device device = device_option(args);
  if (args.has("store")) require_cpu_only(device, "simulate --store");
  if (Communicator::world().is_distributed()) require_cpu_only(device, "simulate under MPI");
  check_simulation_device(device, task, "simulate");
  if (args.has("store")) {
    const int status = simulate_into_store(store_settings(args), task, seed, log) ? 0 : kStoreStoppedExitCode;
    log_simulator_counts(external.get(), log);
    return status;
  }

  SimulateFilesSettings files;
  files.num = args.has("num") ? args.get_int("num") : 0;  // ≥ 1 (cli/option_limits.cpp)
  files.theta_in = args.has("theta") ? args.get("theta") : "";
  files.seed = seed;
  files.device = device;
  files.out = args.get("out");
  files.theta_out = args.has("theta-out") ? args.get("theta-out") : "";
  const SimulateFilesResult r = simulate_to_files(files, task, log);
  log.info("simulated " + std::to_string(r.rows) + " x " + std::to_string(task.x_dim()) + " for task '" + task.name +
           "'" + (r.nonfinite_rows ? " (" + std::to_string(r.nonfinite_rows) + " rows non-finite)" : std::string()) +
           " -> " + files.out);
  log_simulator_counts(external.get(), log);
  return 0;
}

}  // namespace

SBI_COMMAND("simulate", "simulate a benchmark task (θ from the prior) to CSV", run_simulate);

}  // namespace sbi::cli
