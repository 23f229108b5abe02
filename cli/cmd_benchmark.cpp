// `sbi benchmark`: the sbibm protocol for one task and method (pipelines/benchmark_sbibm.hpp),
// the ACE table with --method ace (pipelines/benchmark_ace.hpp) and the multifidelity methods'
// (pipelines/benchmark_multifidelity.hpp). This file reads the flags into
// pipelines::BenchmarkSettings; the pipeline does the rest (under MPI it splits the observations
// over the ranks; the rows are identical for any number of ranks).
#include "cli/method_options.hpp"
#include "cli/command.hpp"
#include "cli/field_flags.hpp"
#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "pipelines/benchmark_fields.hpp"
#include "pipelines/benchmark_observations.hpp"
#include "pipelines/benchmark_sbibm.hpp"

namespace sbi::cli {

namespace {

const FlagSet& benchmark_flags() {
  static const FlagSet flags{{"method", "reference_dir", "num_samples", "predictive_sims", "seed", "max_epochs",
                              "out", "markdown", "save_samples", "betas", "cost_thetas", "cost_sims", "range_sims",
                              "cost_monte_carlo", "ace_members", "ace_per_term", "ace_hidden", "ace_blocks", "ace_loss",
                              "lf_sims", "lf_task", "rounds", "atoms"},
                             {},
                             {"rounds"}};
  return flags;
}

Args benchmark_args() {
  Args args("benchmark", "Runs the sbibm benchmark protocol for one task and method and writes "
                         "one CSV row per (task, method, sims, observation).");
  add_problem_options(args);
  args.option("sims", "N[,N...]", "simulation budgets", "10000")
      .option("observations", "LIST", "observation numbers, e.g. 1-10 or 1,3", "1-10");
  add_training_options(args, false);
  add_field_flags(args, benchmark_settings_fields(), BenchmarkSettings{}, benchmark_flags());
  add_mcmc_options(args);
  add_estimator_option(args);
  add_embedding_option(args);
  add_restrict_options(args);
  add_theta_space_option(args, "npe, nle, nre*, the multi-round (but snpe-a) and multifidelity methods");
  add_c2st_classifier_option(args);
  add_simulator_options(args);
  add_device_option(args);
  add_common_options(args);
  return args;
}

BenchmarkSettings benchmark_settings(const Args& args) {
  BenchmarkSettings s;
  read_field_flags(args, benchmark_settings_fields(), s, benchmark_flags());
  s.budgets.clear();
  for (double b : parse_number_list(args.get("sims"), "sims")) s.budgets.push_back(static_cast<Index>(b));
  s.device = device_option(args);
  s.mcmc = mcmc_settings_from(args);
  s.observations = parse_observations(args.get("observations"));
  s.training = training_overrides(args);
  s.estimator = estimator_option(args, s.method);
  s.embedding = embedding_option(args, s.method);
  s.restriction = restriction_option(args);
  check_benchmark_options(s);  // before any simulator is attached
  return s;
}

int benchmark_command(const std::vector<std::string>& words) {
  Args args = benchmark_args();
  if (!parse_command_line(args, words)) return 0;
  if (!args.has("out")) throw UsageError("missing --out");
  check_output_options(args, {"out", "markdown"}, {"reference-dir", "prior"});
  if (args.has("save-samples")) {
    EveryRankWritesScope every_rank;  // under MPI each rank saves the observations it scores
    make_folder(args.get("save-samples"));
  }
  const Log log = log_from(args);
  BenchmarkSettings settings = benchmark_settings(args);
  sim::Task task = problem_from_args(args);
  const auto external = attach_simulator(args, task, settings.out + ".simulator", log);
  require_simulator(task, "benchmark");
  settings.c2st = c2st_options_from(args);        // fails early on an unknown name
  settings.theta_space = theta_space_option(args);  // fails early on an unknown name
  run_benchmark(settings, task, log);
  log_simulator_counts(external.get(), log);
  return 0;
}

}  // namespace

SBI_COMMAND("benchmark", "score a method against reference posteriors (sbibm protocol)", benchmark_command);

}  // namespace sbi::cli
