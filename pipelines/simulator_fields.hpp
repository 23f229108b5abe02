// The field table of sim::ExternalSimulatorSettings (core/settings_fields.hpp): the settings of a
// user's simulator command that a front end sets, declared once. Its flags (cli) are renamed to
// say they belong to --simulator: command → --simulator, batch_rows → --simulator-batch,
// timeout_seconds → --simulator-timeout, work_folder → --simulator-work; workers → --workers,
// max_failed_fraction → --max-failed-fraction. theta_dim and x_dim come from the task.
//   {"command": "", "batch_rows": 1000, "workers": 0, "timeout_seconds": 0,
//    "max_failed_fraction": 0.5, "work_folder": ""}
#pragma once
#include <memory>
#include <string>

#include "core/settings_fields.hpp"
#include "external/external_simulator.hpp"
#include "pipelines/progress.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

const FieldTable<sim::ExternalSimulatorSettings>& external_simulator_fields();

// Replaces task.simulator by an ExternalSimulator running s.command for θ of the prior's width
// and x of the task's (0, learnt from the output, when the task has no simulator), keeping its
// batches in s.work_folder or else `work_folder`; termination signals stop its running batches.
// SettingsError "--simulator needs a command" for an empty command.
std::shared_ptr<const sim::ExternalSimulator> attach_external_simulator(sim::ExternalSimulatorSettings s,
                                                                        sim::Task& task,
                                                                        const std::string& work_folder, const Log& log);
// Logs an external simulator's counts as one line (nothing for nullptr).
void log_simulator_counts(const sim::ExternalSimulator* simulator, const Log& log);

}  // namespace sbi::pipelines
