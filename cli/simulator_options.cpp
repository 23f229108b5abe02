// --simulator and its settings → an ExternalSimulator in place of the task's (see
// simulator_options.hpp).
#include "cli/simulator_options.hpp"

#include "cli/field_flags.hpp"
#include "pipelines/simulator_fields.hpp"
#include "external/subprocess.hpp"

namespace sbi::cli {

namespace {

const FlagSet& simulator_flags() {
  static const FlagSet flags{{"command", "batch_rows", "workers", "timeout_seconds", "max_failed_fraction", "work_folder"},
                             {{"command", "simulator"},
                              {"batch_rows", "simulator-batch"},
                              {"timeout_seconds", "simulator-timeout"},
                              {"work_folder", "simulator-work"}},
                             {"workers"}};
  return flags;
}

void refuse_without_simulator(const Args& args) {
  for (const std::string& field : simulator_flags().fields)
    if (args.has(simulator_flags().flag(field)))
      throw UsageError("--" + simulator_flags().flag(field) + " needs --simulator");
}

}  // namespace

void add_simulator_options(Args& args) {
  add_field_flags(args, pipelines::external_simulator_fields(), sim::ExternalSimulatorSettings{}, simulator_flags());
}

std::shared_ptr<const sim::ExternalSimulator> attach_simulator(const Args& args, sim::Task& task,
                                                               const std::string& work_folder, const Log& log) {
  if (!args.has("simulator")) {
    refuse_without_simulator(args);
    return nullptr;
  }
  sim::ExternalSimulatorSettings o;
  read_field_flags(args, pipelines::external_simulator_fields(), o, simulator_flags());
  if (o.command.empty()) throw UsageError("--simulator needs a command");
  o.theta_dim = task.prior->dim();
  o.x_dim = task.simulator ? task.simulator->x_dim() : 0;
  if (o.work_folder.empty()) o.work_folder = work_folder;
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
