// Fuzz target: JSON config files of the `sbi` program, read as `sbi run --config FILE` reads
// them: Args::apply_config (cli/args.hpp) over the flags `sbi run` declares, then the job's
// settings read back through the field tables (cli/field_flags.hpp: ranges, enum names, lists),
// the restriction rule, the embedding spec and the device. Every bad value must end as a
// UsageError or an sbi::Error, never a crash or another exception.
#include "cli/common_options.hpp"
#include "cli/method_options.hpp"
#include "core/errors.hpp"
#include "fuzz_file.hpp"

SBI_FUZZ_FILE_TARGET("json", [](const std::string& path) {
  using namespace sbi::cli;
  Args args("run", "fuzzed config");
  add_run_options(args);
  try {
    args.apply_config(path);
    const JobSettings s = job_settings_from(args, "two_moons", JobSettings{}, true);
    (void)restriction_option(args);
    (void)embedding_option(args, s.method);
    (void)device_option(args);
    (void)log_from(args);
  } catch (const UsageError&) {
  } catch (const sbi::Error&) {
  }
})
