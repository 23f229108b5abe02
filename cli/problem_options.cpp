// --task / --prior (see problem_options.hpp).
#include "cli/problem_options.hpp"

#include "simulators/prior_file.hpp"

namespace sbi::cli {

void add_problem_options(Args& args, const std::string& default_task) {
  args.option("task", "NAME", "benchmark task (see 'sbi tasks')", default_task)
      .option("prior", "FILE.json", "your own prior instead of --task: a JSON file of named parameters "
                                    "(uniform, lognormal, normal, multivariate_normal; docs/prior_files.md)");
}

sim::Task problem_from_args(const Args& args) {
  if (args.has("prior")) {
    if (args.has("task")) throw UsageError("give --task or --prior, not both");
    return sim::make_prior_task(sim::read_prior_file(args.get("prior")));
  }
  const std::string name = args.get("task");
  if (name.empty()) throw UsageError("--task or --prior is required");
  return sim::make_task(name);
}

void require_simulator(const sim::Task& task, const std::string& command) {
  if (!task.simulator)
    throw UsageError("sbi " + command + ": --prior needs --simulator (or --theta and --x for train)");
}

}  // namespace sbi::cli
