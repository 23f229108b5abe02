// `sbi benchmark`: the sbibm protocol for one task and method (pipelines/benchmark_sbibm.hpp),
// the ACE table with --method ace (pipelines/benchmark_ace.hpp) and the multifidelity methods'
// (pipelines/benchmark_multifidelity.hpp). This file reads the flags into
// pipelines::BenchmarkSettings; the pipeline does the rest (under MPI it splits the observations
// over the ranks; the rows are identical for any number of ranks).
#include "cli/device_option.hpp"
#include "cli/args.hpp"
#include "cli/method_options.hpp"
#include "cli/command.hpp"
#include "cli/common_options.hpp"
#include "cli/problem_options.hpp"
#include "cli/restrict_option.hpp"
#include "cli/simulator_options.hpp"
#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "mcmc/sample.hpp"
#include "pipelines/benchmark_observations.hpp"
#include "pipelines/benchmark_multifidelity.hpp"
#include "pipelines/benchmark_sbibm.hpp"

namespace sbi::cli {

namespace {

Args benchmark_args() {
  Args args("benchmark", "Runs the sbibm benchmark protocol for one task and method and writes "
                         "one CSV row per (task, method, sims, observation).");
  add_problem_options(args);
  args.option("method", "NAME", "npe, nle, nre, nre-c, rej-abc, smc-abc, ace, tsnpe, mf-npe, mf-tsnpe, a-mf-tsnpe, or the "
                                 "multi-round snpe-c, snpe-b, snle, snre, snre-c (see --rounds)", "npe")
      .option("sims", "N[,N...]", "simulation budgets", "10000")
      .option("observations", "LIST", "observation numbers, e.g. 1-10 or 1,3", "1-10")
      .option("reference-dir", "DIR", "sbibm-layout folder with observations and reference posteriors "
                                      "(default: the engine's own observations and reference sampler)")
      .option("num-samples", "N", "posterior draws per observation", "10000")
      .option("predictive-sims", "N", "posterior-predictive simulations per observation", "1000")
      .option("seed", "S", "random seed", "0")
      .option("max-epochs", "N", "training epochs at most (sbi: until patience runs out)", "100000")
      .option("patience", "N", "npe/nle/nre/ace: stop after N epochs without validation improvement (default: 20; "
                               "ace: 100)")
      .option("batch-size", "N", "npe/nle/nre/ace: training minibatch size (default: sbi's 200, ace 500; sbibm's "
                                 "runs used 10000, i.e. full batches at these budgets)")
      .option("lr", "RATE", "npe/nle/nre/ace: Adam learning rate (default: 0.0005; ace: 0.001)")
      .option("sampler", "NAME", "nle/nre: MCMC sampler: slice, metropolis, hmc or nuts (hmc and nuts "
                                 "need gradients: nre)", "slice")
      .option("out", "FILE", "results CSV (appended to when it exists)")
      .option("markdown", "FILE", "also write a markdown table of the means")
      .option("save-samples", "DIR", "also write each observation's posterior draws to DIR (created if missing) "
                                     "as <task>_<method>_<sims>_obs<k>.csv, and the reference draws as "
                                     "<task>_reference_obs<k>.csv");
  args.option("betas", "B[,B...]", "ace: inverse temperatures (default: the task's reference values)")
      .option("cost-thetas", "N", "ace: prior draws at which the learned cost is checked", "200")
      .option("cost-sims", "N", "ace: simulations per θ for the Monte-Carlo cost (tasks without a closed form)", "1000")
      .option("range-sims", "N", "ace: prior-predictive simulations bounding the misspecified observations", "100000")
      .flag("cost-monte-carlo", "ace: use the Monte-Carlo true cost even where the task has a closed form")
      .option("ace-members", "K", "ace: an ensemble of K cost networks (mean cost; rows name the method "
              "ace-ensemble<K>)", "1")
      .flag("ace-per-term", "ace: one network output per term of an mse or mae_zscored distance (rows name the "
            "method with the suffix -per-term)")
      .option("ace-hidden", "N", "ace: units per layer of the cost network", "64")
      .option("ace-blocks", "N", "ace: residual blocks of the cost network", "3")
      .option("ace-loss", "NAME", "ace: regression loss, squared (the reference) or poisson (rows name the method "
              "with the suffix -poisson)", "squared");
  args.option("lf-sims", "N", "low-fidelity simulations for mf-npe, mf-tsnpe, a-mf-tsnpe", "10000")
      .option("lf-task", "NAME", "low-fidelity task (default: <task>_lf)")
      .option("rounds", "N", "rounds of the sequential methods, equal budgets (default: 10 for snpe-c, snpe-b, "
                             "snle, snre, snre-c as in sbibm; 5 for tsnpe, mf-tsnpe, a-mf-tsnpe)")
      .option("atoms", "N", "snpe-c: atoms per row in the atomic loss (sbi's default)", "10");
  add_estimator_option(args);
  add_embedding_option(args);
  add_restrict_options(args);
  add_theta_space_option(args, "npe and the multifidelity methods");
  add_c2st_classifier_option(args);
  add_simulator_options(args);
  add_device_option(args);
  add_common_options(args);
  return args;
}

std::vector<Index> budget_list(const Args& args) {
  std::vector<Index> budgets;
  for (double b : parse_number_list(args.get("sims"), "sims")) budgets.push_back(static_cast<Index>(b));
  return budgets;
}

// The ACE table's and the multifidelity methods' flags.
void read_table_options(const Args& args, BenchmarkSettings& s) {
  if (args.has("betas")) s.betas = parse_number_list(args.get("betas"), "betas");
  s.cost_thetas = args.get_int("cost-thetas");
  s.cost_sims = args.get_int("cost-sims");
  s.range_sims = args.get_int("range-sims");
  s.cost_monte_carlo = args.flag_set("cost-monte-carlo");
  s.ace_members = args.get_int("ace-members");
  s.ace_per_term = args.flag_set("ace-per-term");
  s.ace_hidden = args.get_int("ace-hidden");
  s.ace_blocks = args.get_int("ace-blocks");
  s.ace_loss = ace_loss_option(args);
  s.lf_sims = args.get_int("lf-sims");
  if (args.has("lf-task")) s.lf_task = args.get("lf-task");
  s.rounds = args.has("rounds") ? static_cast<int>(args.get_int("rounds")) : 0;
  if (args.has("rounds") && s.rounds < 1) throw UsageError("--rounds must be at least 1");
  s.atoms = args.get_int("atoms");
  if (s.atoms < 2) throw UsageError("--atoms must be at least 2");
}

BenchmarkSettings benchmark_settings(const Args& args) {
  BenchmarkSettings s;
  s.method = args.get("method");
  s.device = device_option(args);
  s.budgets = budget_list(args);
  s.observations = parse_observations(args.get("observations"));
  if (args.has("reference-dir")) s.reference_dir = args.get("reference-dir");
  s.num_samples = args.get_int("num-samples");
  s.predictive_sims = args.get_int("predictive-sims");
  s.seed = static_cast<std::uint64_t>(args.get_int("seed"));
  s.max_epochs = static_cast<int>(args.get_int("max-epochs"));
  s.training = training_overrides(args);
  try {
    s.sampler = mcmc::parse_sampler(args.get("sampler"));  // fails before any simulation
  } catch (const NotFoundError& e) {
    throw UsageError(std::string("--sampler: ") + e.what());
  }
  s.estimator = args.get("estimator");
  s.embedding = embedding_option(args, s.method);
  s.restriction = restriction_option(args);
  if (s.restriction && (is_multifidelity_method(s.method) || s.method == "ace" || s.method == "smc-abc"))
    throw UsageError("--restrict applies to npe, nle, nre, nre-c and rej-abc here");
  if (s.embedding.enabled() && s.method == "ace")
    throw UsageError("--embedding with ace: use sbi run or sbi train (sbi benchmark's ACE tables do not take one)");
  s.out = args.get("out");
  if (args.has("markdown")) s.markdown = args.get("markdown");
  if (args.has("save-samples")) s.save_samples = args.get("save-samples");
  read_table_options(args, s);
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
