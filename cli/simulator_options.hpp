// The external-simulator flags shared by run, simulate, train and benchmark: --simulator "CMD"
// replaces the task's simulator by external/external_simulator.hpp (the prior stays), with
// --simulator-batch B, --workers K, --simulator-timeout SECONDS, --max-failed-fraction F and
// --simulator-work DIR (where completed batches and failed batches' stderr are kept).
#pragma once
#include <memory>
#include <string>

#include "cli/args.hpp"
#include "cli/common_options.hpp"
#include "external/external_simulator.hpp"
#include "simulators/task.hpp"

namespace sbi::cli {

void add_simulator_options(Args& args);

// With --simulator: replaces task.simulator by an ExternalSimulator for θ of the prior's width
// and x of the task's (0, learnt from the output, when the task has no simulator), keeping its
// batches in --simulator-work or else `work_folder`; returns it (nullptr without --simulator).
// UsageError on a bad value; the simulation flags without --simulator are an error too.
std::shared_ptr<const sim::ExternalSimulator> attach_simulator(const Args& args, sim::Task& task,
                                                               const std::string& work_folder, const Log& log);

// Logs an external simulator's counts as one line (nothing for nullptr).
void log_simulator_counts(const sim::ExternalSimulator* simulator, const Log& log);

}  // namespace sbi::cli
