// The problem a command works on: a built-in task (--task NAME) or the user's prior file
// (--prior FILE.json, simulators/prior_file.hpp), and the θ/x files `sbi train` learns from.
// Only flag parsing lives here; prior files, loaders and checks are in the library.
#pragma once
#include <string>

#include "cli/args.hpp"
#include "simulators/task.hpp"

namespace sbi::cli {

// Declares --task NAME (default `default_task`; none when empty) and --prior FILE.json.
void add_problem_options(Args& args, const std::string& default_task = "two_moons");

// --prior → sim::make_prior_task (no simulator); otherwise sim::make_task(--task). UsageError
// when both are given, or neither and --task has no default.
sim::Task problem_from_args(const Args& args);

// UsageError "--prior needs --simulator (or --theta and --x for train)" when the task has no
// simulator; `command` names the command in the message.
void require_simulator(const sim::Task& task, const std::string& command);

}  // namespace sbi::cli
