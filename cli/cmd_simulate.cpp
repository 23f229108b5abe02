// `sbi simulate --task T --num N --seed S --out x.csv [--theta-out theta.csv]`: draws N θ from the
// task's prior (or reads them with --theta, .npy or CSV) and writes the simulations as CSV with a
// header, or as .npy when --out ends in .npy (pipelines/simulate_files.hpp: θ and x use the job's
// training-set streams; row i of each its own stream, so the files do not depend on --threads). With --task hodgkin_huxley --recording FILES
// the simulations use the stimulus protocol that `sbi fit-recordings --recording FILES` uses (e.g. for
// posterior-predictive checks of draws from a run's model.sbi or npe.sbi).
// With --store DIR [--store-chunk-rows K] [--resume] the rows go to a chunked, resumable
// simulation store instead (datasets/simulation_store.hpp, pipelines/store_jobs.hpp; the flags
// from the store's field table, pipelines/store_fields.hpp).
// Under MPI (`mpirun -np N sbi simulate ...`) the rows are split over the ranks
// (datasets/simulate_over_ranks.hpp, or the store's chunks) and rank 0 alone writes the
// outputs and the log; the files are identical to a one-process run.
// --device cuda runs the Hodgkin–Huxley simulations on the GPU (pipelines/device_backend.hpp:
// Philox noise, so the same model in distribution but not the CPU's rows); other tasks, --store
// and MPI refuse it.

#include "cli/command.hpp"
#include "pipelines/hh_recordings.hpp"
#include "cli/common_options.hpp"
#include "cli/field_flags.hpp"
#include "pipelines/simulate_files.hpp"
#include "pipelines/store_fields.hpp"
#include "pipelines/store_jobs.hpp"
#include "core/communicator.hpp"
#include "pipelines/device_backend.hpp"
#include "core/errors.hpp"
#include "simulators/tasks.hpp"

namespace sbi::cli {

namespace {

// Exit status of a run stopped by --store-stop-after-chunks (a test hook: each rank stops after N
// chunks without the final manifest, as a killed run would leave the store).
constexpr int kStoreStoppedExitCode = 3;

const FlagSet& store_flags() {
  static const FlagSet flags{{"dir", "chunk_rows", "resume", "stop_after_chunks"},
                             {{"dir", "store"}, {"chunk_rows", "store-chunk-rows"},
                              {"stop_after_chunks", "store-stop-after-chunks"}},
                             {},
                             {{"dir", "DIR"}, {"chunk_rows", "K"}}};
  return flags;
}

// UsageError for store flags without --store, and for the flags --store replaces.
void check_store_flags(const Args& args) {
  if (!args.has("store")) {
    for (const std::string& field : store_flags().fields)
      if (args.has(store_flags().flag(field))) throw UsageError("--" + store_flags().flag(field) + " needs --store");
    return;
  }
  for (const char* name : {"out", "theta", "theta-out", "recording"})
    if (args.has(name)) throw UsageError(std::string("--") + name + " does not go with --store (the store holds θ and x)");
}

// Where an external simulator keeps its batches for this run: beside --store DIR or --out FILE.
std::string simulator_work_base(const Args& args) {
  std::string base = args.has("store") ? args.get("store") : args.get("out");
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  return base;
}

// The store's settings from its flags, rows from --num (UsageError without it).
pipelines::StoreJobSettings store_settings(const Args& args) {
  if (!args.has("num")) throw UsageError("--store needs --num N (θ from the prior)");
  pipelines::StoreJobSettings s;
  read_field_flags(args, pipelines::store_job_settings_fields(), s, store_flags());
  s.rows = args.get_int("num");
  return s;
}

const FlagSet& simulate_flags() {
  static const FlagSet flags{{"num", "theta_in", "seed", "out", "theta_out"},
                             {{"theta_in", "theta"}},
                             {"num"},
                             {{"theta_in", "FILE"}, {"seed", "S"}, {"out", "FILE"}, {"theta_out", "FILE"}}};
  return flags;
}

Args simulate_args() {
  Args args("simulate", "Simulates a benchmark task: θ from the prior (or a file), x written as CSV or .npy.");
  add_problem_options(args, "");
  add_field_flags(args, simulate_files_fields(), SimulateFilesSettings{}, simulate_flags());
  args.option("recording", "FILES", "hodgkin_huxley only: simulate under the stimulus protocol of these Allen "
              "recordings (files and/or folders), as `sbi fit-recordings --recording FILES` does");
  add_simulator_options(args);
  add_field_flags(args, pipelines::store_job_settings_fields(), pipelines::StoreJobSettings{}, store_flags());
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
  SimulateFilesSettings files;
  read_field_flags(args, simulate_files_fields(), files, simulate_flags());  // num ≥ 1 (cli/args.cpp)
  files.device = device_option(args);
  if (args.has("store")) require_cpu_only(files.device, "simulate --store");
  if (Communicator::world().is_distributed()) require_cpu_only(files.device, "simulate under MPI");
  check_simulation_device(files.device, task, "simulate");
  if (args.has("store")) {
    const int status = simulate_into_store(store_settings(args), task, files.seed, log) ? 0 : kStoreStoppedExitCode;
    log_simulator_counts(external.get(), log);
    return status;
  }
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
