// The options and steps every `sbi` command shares: --threads, --config, --quiet, --verbose;
// parsing a command line (help, config file, thread count); the Log the flags choose; output
// file checks before any work; number lists given as flags. The pipelines' names are visible
// in sbi::cli, whose commands only fill their settings structs and print.
#pragma once
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "pipelines/job.hpp"
#include "pipelines/progress.hpp"

namespace sbi::cli {

using namespace sbi::pipelines;

// Declares --threads and --config, and with `verbosity` also --quiet and --verbose.
void add_common_options(Args& args, bool verbosity = true);
// Parses the command line; prints the help and returns false on --help; then applies
// --config (the command line wins) and --threads.
bool parse_command_line(Args& args, const std::vector<std::string>& words);
// The verbosity chosen by --quiet / --verbose.
Log log_from(const Args& args);

// Checks every output file option given (core/atomic_file.hpp check_output_path: its folder
// exists, it is not a folder, link or device) and that none names the same file as an input
// option (comma lists allowed) or another output, before any work: UsageError naming the option.
void check_output_options(const Args& args, const std::vector<std::string>& outputs,
                          const std::vector<std::string>& inputs);

// "1,10,100" → {1, 10, 100}; UsageError on anything else.
std::vector<double> parse_number_list(const std::string& text, const std::string& option);

}  // namespace sbi::cli
