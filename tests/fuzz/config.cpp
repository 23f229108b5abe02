// Fuzz target: JSON config files of the `sbi` program (cli/args.hpp Args::apply_config), then
// every option read back as its command reads it (integers in range, finite numbers).
#include "cli/args.hpp"
#include "fuzz_file.hpp"

SBI_FUZZ_FILE_TARGET("json", [](const std::string& path) {
  sbi::cli::Args args("run", "fuzzed config");
  args.option("sims", "N", "", "1000").option("seed", "S", "", "0").option("betas", "B", "", "1")
      .option("lr", "X", "", "0.001").option("task", "NAME", "", "two_moons").option("threads", "N", "")
      .option("chains", "N", "", "20").option("thin", "N", "", "1").flag("quiet", "");
  try {
    args.apply_config(path);
    for (const char* name : {"sims", "seed", "chains", "thin"}) (void)args.get_int(name);
    (void)args.get_double("lr");
    (void)args.get("task");
    if (args.has("threads")) (void)args.get_int("threads");
  } catch (const sbi::cli::UsageError&) {
  }
})
