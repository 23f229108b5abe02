// The field table of sim::ExternalSimulatorSettings (core/settings_fields.hpp): the settings of a
// user's simulator command that a front end sets, declared once. Its flags (cli) are renamed to
// say they belong to --simulator: command → --simulator, batch_rows → --simulator-batch,
// timeout_seconds → --simulator-timeout, work_folder → --simulator-work; workers → --workers,
// max_failed_fraction → --max-failed-fraction. theta_dim and x_dim come from the task.
//   {"command": "", "batch_rows": 1000, "workers": 0, "timeout_seconds": 0,
//    "max_failed_fraction": 0.5, "work_folder": ""}
#pragma once
#include "core/settings_fields.hpp"
#include "external/external_simulator.hpp"

namespace sbi::pipelines {

const FieldTable<sim::ExternalSimulatorSettings>& external_simulator_fields();

}  // namespace sbi::pipelines
