// `sbi calibrate --task T --method M --sims N --runs L --num-samples S --out sbc.csv`:
// simulation-based calibration of an amortised method. Simulates N training pairs, trains the
// method once, then for L fresh pairs (θ*, x*) from the prior draws S posterior samples for x*
// and records the rank of θ* per dimension. Writes the ranks (one row per pair, one column per
// parameter) and prints per dimension the chi-square and KS uniformity p-values, and the
// expected-coverage curve (HPD regions when the posterior has a density, else central marginal
// intervals) with its largest deviation from the diagonal.
// Methods: those of the Method registry (npe, nle, nre, nre-c, rej-abc); SMC-ABC and ACE are
// observation-specific or generalized posteriors and are refused.
// --prior FILE.json replaces --task (a prior file has no simulator here: calibrate a trained
// --model of it with --simulations DIR).
// --model FILE calibrates a saved model instead of training one (its task or prior file and
// its method come from the file); --simulations DIR takes the pairs from DIR/simulations_theta.csv and
// simulations_x.csv (e.g. a `sbi run --save-simulations` folder, whose protocol a Hodgkin–Huxley
// model was trained under) instead of simulating them.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/args.hpp"
#include "cli/command.hpp"
#include "cli/job.hpp"
#include "cli/problem_options.hpp"
#include "cli/train_method.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/rng.hpp"
#include "diagnostics/calibration.hpp"
#include "inference/method.hpp"
#include "simulators/model_tag.hpp"
#include "simulators/task.hpp"

namespace sbi::cli {

namespace {

diagnostics::PosteriorBuilder builder_for(const inference::Method& method) {
  return [&method](const RowVectorD& x_o) {
    std::shared_ptr<inference::Posterior> posterior = method.posterior(x_o);
    diagnostics::CalibrationPosterior q;
    q.sample = [posterior](Index n, std::uint64_t seed) { return posterior->sample(n, seed); };
    // An unnormalised density ranks draws the same way, so NLE/NRE also give HPD coverage.
    // (NpePosterior reports normalized() but, as of this writing, not has_log_prob().)
    if (posterior->has_log_prob() || posterior->normalized())
      q.log_prob = [posterior](const MatrixD& theta) { return posterior->log_prob(theta); };
    return q;
  };
}

void write_coverage(const std::string& path, const diagnostics::CoverageCurve& c) {
  MatrixD table(c.levels.size(), 2);
  table.col(0) = c.levels;
  table.col(1) = c.coverage;
  write_csv(path, table, {"credibility", "coverage"});
}

int calibrate_command(const std::vector<std::string>& words) {
  Args args("calibrate", "Simulation-based calibration and expected coverage of an amortised method.");
  add_problem_options(args);
  args.option("method", "NAME", "npe, nle, nre, nre-c or rej-abc", "npe")
      .option("sims", "N", "training simulations", "10000")
      .option("runs", "L", "calibration pairs (θ*, x*) from the prior", "200")
      .option("num-samples", "S", "posterior draws per calibration pair", "100")
      .option("bins", "B", "chi-square bins (0: about L/10, at most 20)", "0")
      .option("seed", "S", "random seed", "0")
      .option("max-epochs", "N", "training epochs at most", "100000")
      .option("out", "FILE", "CSV of the ranks (one row per pair)")
      .option("coverage-out", "FILE", "also write the coverage curve as CSV")
      .option("model", "FILE", "calibrate this saved model (from 'sbi train' or 'sbi run') instead of training one")
      .option("simulations", "DIR", "calibration pairs from DIR/simulations_theta.csv and simulations_x.csv "
                                    "(their first --runs rows) instead of simulating them")
      .flag("marginal-coverage", "coverage from central marginal intervals even when the posterior has a density "
                                 "(faster for NPE, whose log_prob estimates its leakage per observation)");
  add_estimator_option(args);
  add_common_options(args);
  if (!parse_command_line(args, words)) return 0;
  if (!args.has("out")) throw UsageError("missing --out");
  check_output_options(args, {"out", "coverage-out"}, {"model", "simulations"});
  const Log log = log_from(args);
  const bool saved = args.has("model");
  const inference::ModelFileInfo info = saved ? inference::peek_model_file(args.get("model")) : inference::ModelFileInfo{};
  if (saved && info.tag.empty())
    throw IOError("'" + args.get("model") + "' does not record its task; calibrate it through the C++ API");
  const std::string method_name = saved ? info.kind : args.get("method");
  if (method_name == "smc-abc" || method_name == "ace")
    throw UsageError("sbi calibrate needs an amortised method (npe, nle, nre, nre-c, rej-abc); '" + method_name +
                     "' is observation-specific or a generalized posterior");
  if (saved && (args.has("task") || args.has("prior")))
    throw UsageError("--model records its task or prior; leave out --task and --prior");
  const sim::Task task = saved ? sim::task_from_model_tag(info.tag) : problem_from_args(args);
  if (!task.simulator && !(saved && args.has("simulations")))
    throw UsageError("sbi calibrate: --prior needs --simulator (or a trained --model with --simulations DIR)");
  const auto seed = static_cast<std::uint64_t>(args.get_int("seed"));
  const long long runs = args.get_int("runs"), draws = args.get_int("num-samples");
  const long long sims = saved ? 0 : args.get_int("sims");
  if (runs < 1) throw UsageError("--runs must be at least 1");
  if (draws < 1) throw UsageError("--num-samples must be at least 1");
  if (!saved && sims < 1) throw UsageError("--sims must be at least 1");

  std::unique_ptr<inference::Method> method;
  if (saved) {
    method = inference::load_method(args.get("model"), task.prior);
  } else {
    inference::make_method(method_name, task.prior);  // fails early on an unknown name
    const SimulationSet training = simulate_from_prior(task, sims, seed, log);
    MethodJob job;
    job.method = method_name;
    job.estimator = args.get("estimator");
    job.seed = seed;
    job.training.max_epochs = static_cast<int>(args.get_int("max-epochs"));
    method = train_method(job, task, training.theta, training.x, log);
  }

  MatrixD theta_true, x_true;
  if (args.has("simulations")) {
    const std::string dir = args.get("simulations");
    theta_true = read_csv_matrix(dir + "/simulations_theta.csv");
    x_true = read_csv_matrix(dir + "/simulations_x.csv");
    const bool x_width_known = task.x_dim() > 0;  // a prior-file model: the network checks x
    if (theta_true.cols() != task.theta_dim() || (x_width_known && x_true.cols() != task.x_dim()) ||
        theta_true.rows() != x_true.rows())
      throw ShapeError("--simulations " + dir + ": θ is " + std::to_string(theta_true.rows()) + " x " +
                       std::to_string(theta_true.cols()) + " and x " + std::to_string(x_true.rows()) + " x " +
                       std::to_string(x_true.cols()) + "; task " + task.name + " needs " +
                       std::to_string(task.theta_dim()) + " and " + std::to_string(task.x_dim()) + " columns");
    const Index n = std::min<Index>(runs, theta_true.rows());
    theta_true = theta_true.topRows(n).eval();
    x_true = x_true.topRows(n).eval();
  } else {
    theta_true = task.sample_prior(runs, derive_seed(seed, 11));
    x_true = task.simulate(theta_true, derive_seed(seed, 12));
  }
  diagnostics::CalibrationOptions options;
  options.num_posterior_samples = draws;
  options.bins = args.get_int("bins");
  options.use_log_prob = !args.flag_set("marginal-coverage");
  options.seed = derive_seed(seed, 13);
  diagnostics::CalibrationResult result;
  {
    Stage stage(log, "calibration: " + std::to_string(theta_true.rows()) + " posteriors of " + std::to_string(draws) +
                         " draws");
    result = diagnostics::calibrate(theta_true, x_true, builder_for(*method), options);
  }
  write_csv(args.get("out"), result.ranks, task.parameter_names);
  if (args.has("coverage-out")) write_coverage(args.get("coverage-out"), result.coverage);

  std::printf("SBC of %s on %s: %s, %lld pairs (%lld skipped, non-finite x), %lld draws each\n",
              method_name.c_str(), task.name.c_str(),
              saved ? ("saved model " + args.get("model")).c_str() : (std::to_string(sims) + " training simulations").c_str(),
              static_cast<long long>(result.ranks.rows()),
              static_cast<long long>(result.skipped_nonfinite), draws);
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
  log.info("wrote " + args.get("out"));
  return 0;
}

}  // namespace

SBI_COMMAND("calibrate", "simulation-based calibration and expected coverage of a method", calibrate_command);

}  // namespace sbi::cli
