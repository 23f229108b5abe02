// --simulator and its settings → an ExternalSimulator in place of the task's (see
// simulator_options.hpp).
#include "cli/simulator_options.hpp"

#include <cmath>

#include "core/csv.hpp"
#include "simulators/subprocess.hpp"

namespace sbi::cli {

void add_simulator_options(Args& args) {
  args.option("simulator", "CMD", "run this command (through /bin/sh -c) as the simulator: stdin gets one "
              "line 'seed,theta1,...' per row, stdout gives one line 'x1,...' per row ('nan': a failed "
              "simulation); the task's prior stays")
      .option("simulator-batch", "B", "with --simulator: rows per command run", "1000")
      .option("workers", "K", "with --simulator: batches in flight (default: the number of cores)")
      .option("simulator-timeout", "SECONDS", "with --simulator: kill a batch after this long (0: no limit)", "0")
      .option("max-failed-fraction", "F", "with --simulator: stop with an error once more than this fraction "
              "of the rows failed", "0.5")
      .option("simulator-work", "DIR", "with --simulator: folder for completed batches (reused by a rerun) "
              "and failed batches' stderr (default: beside the output)");
}

namespace {

void refuse_without_simulator(const Args& args) {
  for (const char* name : {"simulator-batch", "workers", "simulator-timeout", "max-failed-fraction", "simulator-work"})
    if (args.has(name)) throw UsageError(std::string("--") + name + " needs --simulator");
}

}  // namespace

std::shared_ptr<const sim::ExternalSimulator> attach_simulator(const Args& args, sim::Task& task,
                                                               const std::string& work_folder, const Log& log) {
  if (!args.has("simulator")) {
    refuse_without_simulator(args);
    return nullptr;
  }
  sim::ExternalSimulatorOptions o;
  o.command = args.get("simulator");
  if (o.command.empty()) throw UsageError("--simulator needs a command");
  o.theta_dim = task.prior->dim();
  o.x_dim = task.simulator ? task.simulator->x_dim() : 0;
  o.batch_rows = args.get_int("simulator-batch");
  if (o.batch_rows < 1) throw UsageError("--simulator-batch must be at least 1");
  if (args.has("workers")) {
    const long long workers = args.get_int("workers");
    if (workers < 1) throw UsageError("--workers must be at least 1");
    o.workers = static_cast<int>(workers);
  }
  o.timeout_seconds = args.get_double("simulator-timeout");
  if (!(o.timeout_seconds >= 0) || !std::isfinite(o.timeout_seconds))
    throw UsageError("--simulator-timeout must be a number of seconds ≥ 0 (0: no limit)");
  o.max_failed_fraction = args.get_double("max-failed-fraction");
  if (!(o.max_failed_fraction >= 0 && o.max_failed_fraction <= 1))
    throw UsageError("--max-failed-fraction must be in [0, 1]");
  o.work_folder = args.has("simulator-work") ? args.get("simulator-work") : work_folder;
  auto simulator = std::make_shared<const sim::ExternalSimulator>(o);
  sim::kill_commands_on_termination_signals();  // Ctrl-C stops the running batches too
  task.simulator = simulator;
  log.info("simulator: '" + o.command + "' in batches of " + std::to_string(o.batch_rows) + ", " +
           std::to_string(simulator->options().workers) + " in flight; batches kept in " + o.work_folder);
  return simulator;
}

void log_simulator_counts(const sim::ExternalSimulator* simulator, const Log& log) {
  if (simulator) log.info("simulator: " + simulator->describe_counts());
}

}  // namespace sbi::cli
