// The `sbi` program: dispatches `sbi <command> [options]` to the registered commands.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <new>
#include <string_view>

#include "cli/args.hpp"
#include "cli/command.hpp"
#include "core/communicator.hpp"
#include "core/errors.hpp"
#include "pipelines/job.hpp"
#include "sbi_git_revision.hpp"
#include "sbi_version.hpp"

namespace sbi::cli {

std::vector<Command>& command_registry() {
  static std::vector<Command> commands;
  return commands;
}

namespace {

// An error message as printed: at most 4000 characters, so that no message echoes megabytes.
std::string bounded(std::string_view message) {
  constexpr std::size_t kMax = 4000;
  if (message.size() <= kMax) return std::string(message);
  return std::string(message.substr(0, kMax)) + "... (message cut at " + std::to_string(kMax) + " of " +
         std::to_string(message.size()) + " characters)";
}

void print_usage(std::ostream& out) {
  auto commands = command_registry();
  std::sort(commands.begin(), commands.end(),
            [](const Command& a, const Command& b) { return a.name < b.name; });
  out << "sbi " << SBI_VERSION_STRING
      << " - simulation-based and generalized Bayesian inference\n\n"
         "usage: sbi <command> [options]\n       sbi <command> --help\n\ncommands:\n";
  for (const auto& c : commands) {
    out << "  " << c.name;
    for (std::size_t i = c.name.size(); i < 16; ++i) out << ' ';
    out << c.summary << "\n";
  }
  out << "\noptions:\n  --help          show this help\n  --version       print the version\n";
}

// A wrong command line: the message with a hint to the command's help; exit status 2.
int usage_error(const std::string& command, std::string_view message) {
  std::cerr << "sbi " << command << ": " << bounded(message) << "\n(see 'sbi " << command << " --help')\n";
  return 2;
}

// Runs one command; its errors become a message and an exit status (2: the command line, 1: the run).
int run_command(const Command& c, const std::vector<std::string>& words) {
  const std::string error = "sbi " + c.name + ": error: ";
  try {
    return c.run(words);
  } catch (const UsageError& e) {
    return usage_error(c.name, e.what());
  } catch (const sbi::pipelines::SettingsError& e) {  // a pipeline refused a flag's value
    return usage_error(c.name, e.what());
  } catch (const sbi::Error& e) {
    std::cerr << error << bounded(e.what()) << "\n";
  } catch (const std::bad_alloc&) {
    std::cerr << error << "out of memory: the run needs more memory than this machine has; lower --sims, "
              << "--num, --num-samples, --chains or the network size\n";
  } catch (const std::filesystem::filesystem_error& e) {
    std::cerr << error << "'" << sbi::excerpt(e.path1().string(), 200) << "': " << e.code().message() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "sbi " << c.name << ": unexpected error: " << bounded(e.what()) << "\n";
  }
  return 1;
}

int run_program(const std::vector<std::string>& words) {
  if (words.empty()) {
    print_usage(std::cerr);
    return 2;
  }
  if (words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
    print_usage(std::cout);
    return 0;
  }
  if (words[0] == "--version") {
    std::cout << "sbi " << SBI_VERSION_STRING << " (git " << SBI_GIT_REVISION << ")\n";
    return 0;
  }
  for (const auto& c : command_registry())
    if (c.name == words[0]) return run_command(c, std::vector<std::string>(words.begin() + 1, words.end()));
  std::cerr << "sbi: unknown command '" << words[0] << "' (see 'sbi --help')\n";
  return 2;
}

}  // namespace
}  // namespace sbi::cli

int main(int argc, char** argv) {
  sbi::MpiSession mpi(&argc, &argv);  // one rank unless started by mpirun/srun (built with MPI)
  const auto& world = sbi::Communicator::world();
  // Under MPI rank 0 prints results; the other ranks keep stderr for their errors only.
  if (!world.is_root() && !std::freopen("/dev/null", "w", stdout)) return 1;
  const int rc = sbi::cli::run_program(std::vector<std::string>(argv + 1, argv + argc));
  // A rank that fails must not leave the others waiting in a collective.
  if (rc != 0 && world.is_distributed()) sbi::abort_all_ranks(rc);
  return rc;
}

