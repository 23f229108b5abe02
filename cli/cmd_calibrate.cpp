// `sbi calibrate --task T --method M --sims N --runs L --num-samples S --out sbc.csv`:
// simulation-based calibration of an amortised method (pipelines/calibration.hpp). Writes the
// ranks (one row per pair, one column per parameter) and prints per dimension the chi-square
// and KS uniformity p-values, and the expected-coverage curve with its largest deviation from
// the diagonal.
// --prior FILE.json replaces --task (a prior file has no simulator here: calibrate a trained
// --model of it with --simulations DIR).
// --model FILE calibrates a saved model instead of training one (its task or prior file and
// its method come from the file); --simulations DIR takes the pairs from DIR/simulations_theta.csv and
// simulations_x.csv (e.g. a `sbi fit-recordings --save-simulations` folder, whose protocol a
// Hodgkin–Huxley model was trained under) instead of simulating them.
#include <cstdio>

#include "cli/command.hpp"
#include "cli/field_flags.hpp"
#include "cli/method_options.hpp"
#include "pipelines/calibration.hpp"
#include "pipelines/calibration_fields.hpp"

namespace sbi::cli {

namespace {

const FlagSet& calibration_flags() {
  static const FlagSet flags{{"method", "sims", "runs", "num_samples", "bins", "seed", "max_epochs", "out",
                              "coverage_out", "model", "simulations", "marginal_coverage"}, {}, {}};
  return flags;
}

Args calibrate_args() {
  Args args("calibrate", "Simulation-based calibration and expected coverage of an amortised method.");
  add_problem_options(args);
  add_field_flags(args, calibration_settings_fields(), CalibrationJobSettings{}, calibration_flags());
  add_estimator_option(args);
  add_device_option(args);
  add_common_options(args);
  return args;
}

CalibrationJobSettings calibration_settings(const Args& args) {
  CalibrationJobSettings s;
  read_field_flags(args, calibration_settings_fields(), s, calibration_flags());
  s.device = device_option(args);
  s.estimator = args.get("estimator");
  return s;
}

// The task: the saved model's (its file records it) or the flags'.
sim::Task calibration_task(const Args& args, CalibrationJobSettings& s) {
  if (s.model.empty()) return problem_from_args(args);
  sim::Task task = saved_model_task(s);
  if (args.has("task") || args.has("prior")) throw UsageError("--model records its task or prior; leave out --task and --prior");
  return task;
}

void print_result(const CalibrationJobSettings& s, const sim::Task& task, const CalibrationRun& run) {
  const auto& result = run.result;
  std::printf("SBC of %s on %s: %s, %lld pairs (%lld skipped, non-finite x), %lld draws each\n",
              run.method.c_str(), task.name.c_str(),
              !s.model.empty() ? ("saved model " + s.model).c_str()
                               : (std::to_string(s.sims) + " training simulations").c_str(),
              static_cast<long long>(result.ranks.rows()), static_cast<long long>(result.skipped_nonfinite),
              static_cast<long long>(s.num_samples));
  std::printf("%-14s %8s %12s %10s %12s\n", "parameter", "chi2", "chi2 p", "KS D", "KS p");
  for (std::size_t d = 0; d < result.uniformity.size(); ++d) {
    const auto& t = result.uniformity[d];
    std::printf("%-14s %8.3f %12.4g %10.4f %12.4g\n", task.parameter_names[d].c_str(), t.chi_square,
                t.chi_square_pvalue, t.ks_statistic, t.ks_pvalue);
  }
  std::printf("expected coverage (%s):\n", result.coverage_from_log_prob ? "highest-density regions"
                                                                        : "central marginal intervals, mean over parameters");
  for (Index k = 0; k < result.coverage.levels.size(); ++k)
    std::printf("  %.2f  %.4f\n", result.coverage.levels(k), result.coverage.coverage(k));
  std::printf("max |coverage - credibility| = %.4f; mean (coverage - credibility) = %+.4f (< 0: overconfident)\n",
              result.coverage.max_deviation, result.coverage.signed_area);
}

int calibrate_command(const std::vector<std::string>& words) {
  Args args = calibrate_args();
  if (!parse_command_line(args, words)) return 0;
  if (!args.has("out")) throw UsageError("missing --out");
  check_output_options(args, {"out", "coverage-out"}, {"model", "simulations"});
  const Log log = log_from(args);
  CalibrationJobSettings settings = calibration_settings(args);
  const sim::Task task = calibration_task(args, settings);
  check_calibration_settings(settings);
  if (!task.simulator && !(!settings.model.empty() && !settings.simulations.empty()))
    throw UsageError("sbi calibrate: --prior needs --simulator (or a trained --model with --simulations DIR)");
  const CalibrationRun run = run_calibration(settings, task, log);
  print_result(settings, task, run);
  log.info("wrote " + settings.out);
  return 0;
}

}  // namespace

SBI_COMMAND("calibrate", "simulation-based calibration and expected coverage of a method", calibrate_command);

}  // namespace sbi::cli
