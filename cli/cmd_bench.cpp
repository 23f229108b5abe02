// `sbi bench <suite> [--json]`: runs a microbenchmark suite from bench/.
#include <iostream>

#include "bench/harness.hpp"
#include "bench/thread_check.hpp"
#include "cli/command.hpp"
#include "cli/common_options.hpp"

namespace sbi::cli {

namespace {

int run_bench(const std::vector<std::string>& words) {
  std::string suites;
  for (const auto& s : bench::suite_registry()) suites += "\n        " + s.name + ": " + s.description;
  Args args("bench", "Runs a microbenchmark suite and prints throughput and the fraction of a "
                     "limit measured on this machine in the same run.");
  args.positional("suite", "one of:" + suites)
      .flag("json", "print the results as JSON")
      .option("threads", "N", "OpenMP threads (default: all cores)")
      .option("min-time", "SECONDS", "minimum measuring time per case", "0.5")
      .flag("profile", "flows only: where training and log_prob spend their time, per stage, one thread, "
                       "against the same GEMMs as bare Eigen products")
      .flag("thread-check", "run the suite on 1 thread and with the default thread count and compare "
                            "every timing row (ratio > 1: the threads help)")
      .option("competing-load", "K", "with --thread-check: K busy-loop processes compete for the cores", "0");
  if (!parse_command_line(args, words)) return 0;  // and --threads
  const std::string name = args.positionals()[0];
  for (const auto& s : bench::suite_registry()) {
    if (s.name != name) continue;
    bench::Report report(name);
    bench::Options options;
    options.min_seconds = args.get_double("min-time");
    options.progress = !args.flag_set("json");
    options.profile = args.flag_set("profile");
    if (options.profile && name != "flows") throw UsageError("--profile is a mode of the flows suite only");
    if (args.flag_set("thread-check")) {
      const long long load = args.get_int("competing-load");
      if (load < 0 || load > 64) throw UsageError("--competing-load must be in [0, 64], got " + std::to_string(load));
      if (args.has("threads")) throw UsageError("--thread-check compares 1 thread with the default: drop --threads");
      std::cout << bench::thread_check_table(name, static_cast<int>(load),
                                             bench::run_thread_check(s, options, static_cast<int>(load)));
      return 0;
    }
    s.run(report, options);
    if (args.flag_set("json")) std::cout << report.json() << "\n";
    else std::cout << report.table();
    return 0;
  }
  throw UsageError("unknown benchmark suite '" + name + "'; available:" + suites);
}

}  // namespace

SBI_COMMAND("bench", "run a microbenchmark suite (autodiff, ...)", run_bench);

}  // namespace sbi::cli
