// The options and steps every `sbi` command shares: --threads, --config, --quiet, --verbose,
// --device (of the commands with a GPU path; pipelines/device_backend.hpp refuses cuda elsewhere);
// parsing a command line (help, config file, thread count); the Log the flags choose; output
// file checks before any work; number lists given as flags. The pipelines' names are visible
// in sbi::cli, whose commands only fill their settings structs and print. The problem a command
// works on: a built-in task (--task NAME) or the user's prior file (--prior FILE.json,
// simulators/prior_file.hpp).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "core/device.hpp"
#include "pipelines/job.hpp"
#include "pipelines/progress.hpp"
#include "pipelines/simulator_fields.hpp"
#include "simulators/task.hpp"

namespace sbi::cli {

using namespace sbi::pipelines;

// Declares --threads and --config, and with `verbosity` also --quiet and --verbose.
void add_common_options(Args& args, bool verbosity = true);
// Parses the command line; prints the help and returns false on --help; then applies
// --config (the command line wins) and --threads.
bool parse_command_line(Args& args, const std::vector<std::string>& words);
// The verbosity chosen by --quiet / --verbose.
Log log_from(const Args& args);
// Declares --device cpu|cuda; device_option reads it (UsageError for another name).
void add_device_option(Args& args);
Device device_option(const Args& args);

// Declares --task NAME (default `default_task`; none when empty) and --prior FILE.json.
void add_problem_options(Args& args, const std::string& default_task = "two_moons");
// --prior → sim::make_prior_task (no simulator); otherwise sim::make_task(--task). UsageError
// when both are given, or neither and --task has no default.
sim::Task problem_from_args(const Args& args);
// UsageError "sbi <command>: --prior needs --simulator (or --theta and --x for train)" when the
// task has no simulator.
void require_simulator(const sim::Task& task, const std::string& command);

// The external-simulator flags (run, simulate, train, benchmark): --simulator "CMD" replaces the
// task's simulator by external/external_simulator.hpp (the prior stays), with --simulator-batch B,
// --workers K, --simulator-timeout SECONDS, --max-failed-fraction F and --simulator-work DIR
// (where completed batches and failed batches' stderr are kept).
void add_simulator_options(Args& args);

// With --simulator: pipelines::attach_external_simulator with the flags' settings (batches in
// --simulator-work or else `work_folder`); nullptr without it, where its flags are refused.
std::shared_ptr<const sim::ExternalSimulator> attach_simulator(const Args& args, sim::Task& task,
                                                               const std::string& work_folder, const Log& log);

// Checks every output file option given (core/atomic_file.hpp check_output_path: its folder
// exists, it is not a folder, link or device) and that none names the same file as an input
// option (comma lists allowed) or another output, before any work: UsageError naming the option.
void check_output_options(const Args& args, const std::vector<std::string>& outputs,
                          const std::vector<std::string>& inputs);

// "1,10,100" → {1, 10, 100}; UsageError on anything else.
std::vector<double> parse_number_list(const std::string& text, const std::string& option);

}  // namespace sbi::cli
