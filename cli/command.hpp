// The registry of `sbi` subcommands. Each command lives in its own cli/cmd_*.cpp file and
// registers itself with SBI_COMMAND; main.cpp dispatches on the first word.
#pragma once
#include <string>
#include <vector>

namespace sbi::cli {

using CommandFn = int (*)(const std::vector<std::string>& args);

struct Command {
  std::string name;
  std::string summary;
  CommandFn run;
};

std::vector<Command>& command_registry();

struct CommandRegistrar {
  CommandRegistrar(const char* name, const char* summary, CommandFn run) {
    command_registry().push_back({name, summary, run});
  }
};

}  // namespace sbi::cli

#define SBI_COMMAND(name, summary, fn) \
  static const ::sbi::cli::CommandRegistrar sbi_command_registrar_##fn(name, summary, fn)
