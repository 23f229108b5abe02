// The field table of the external simulator's settings (see simulator_fields.hpp).
#include "pipelines/simulator_fields.hpp"

#include <limits>

#include "external/subprocess.hpp"
#include "pipelines/job.hpp"

namespace sbi::pipelines {

const FieldTable<sim::ExternalSimulatorSettings>& external_simulator_fields() {
  using E = sim::ExternalSimulatorSettings;
  static const FieldTable<E> table = {
      string_field("command", &E::command, "run this command (through /bin/sh -c) as the simulator: stdin gets one "
                   "line 'seed,theta1,...' per row, stdout gives one line 'x1,...' per row ('nan': a failed "
                   "simulation); the task's prior stays"),
      number_field("batch_rows", &E::batch_rows, "with --simulator: rows per command run", Index(1),
                   std::numeric_limits<Index>::max()),
      number_field("workers", &E::workers, "with --simulator: batches in flight (0, the default: the number of cores)",
                   0, 4096),
      number_field("timeout_seconds", &E::timeout_seconds, "with --simulator: kill a batch after this long "
                   "(0: no limit)", 0.0, std::numeric_limits<double>::infinity()),
      number_field("max_failed_fraction", &E::max_failed_fraction, "with --simulator: stop with an error once "
                   "more than this fraction of the rows failed", 0.0, 1.0),
      string_field("work_folder", &E::work_folder, "with --simulator: folder for completed batches (reused by a "
                   "rerun) and failed batches' stderr (default: beside the output)"),
  };
  return table;
}

std::shared_ptr<const sim::ExternalSimulator> attach_external_simulator(sim::ExternalSimulatorSettings s,
                                                                        sim::Task& task,
                                                                        const std::string& work_folder, const Log& log) {
  if (s.command.empty()) throw SettingsError("--simulator needs a command");
  s.theta_dim = task.prior->dim();
  s.x_dim = task.simulator ? task.simulator->x_dim() : 0;
  if (s.work_folder.empty()) s.work_folder = work_folder;
  auto simulator = std::make_shared<const sim::ExternalSimulator>(s);
  sim::kill_commands_on_termination_signals();  // Ctrl-C stops the running batches too
  task.simulator = simulator;
  log.info("simulator: '" + s.command + "' in batches of " + std::to_string(s.batch_rows) + ", " +
           std::to_string(simulator->options().workers) + " in flight; batches kept in " + s.work_folder);
  return simulator;
}

void log_simulator_counts(const sim::ExternalSimulator* simulator, const Log& log) {
  if (simulator) log.info("simulator: " + simulator->describe_counts());
}

}  // namespace sbi::pipelines
