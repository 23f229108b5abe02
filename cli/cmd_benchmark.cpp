// `sbi benchmark`: the sbibm protocol. For each simulation budget: simulate, train the method
// once, then for each observation draw posterior samples and score them against the reference
// posterior (C2ST, MMD) and by posterior-predictive simulations (median ‖x - x_o‖₂), with the
// seconds spent simulating, training and sampling. One CSV row per (task, method, sims,
// observation) and a markdown summary of the means. Rows also carry NLTP = -log q(θ* | x_o)
// where the posterior is normalised (NPE) and θ* is known (true_parameters.csv, or the engine's
// own draw), and the NRMSE of the posterior mean (diagnostics/point_metrics.hpp).
// SMC-ABC is observation-specific: it runs once per observation with the whole simulation
// budget (sbibm's protocol) instead of training once. `--method ace` runs the ACE table
// (cli/benchmark_ace.hpp).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "cli/args.hpp"
#include "cli/benchmark_ace.hpp"
#include "cli/benchmark_multifidelity.hpp"
#include "cli/benchmark_observations.hpp"
#include "cli/benchmark_rows.hpp"
#include "cli/c2st_option.hpp"
#include "cli/command.hpp"
#include "cli/job.hpp"
#include "cli/problem_options.hpp"
#include "cli/simulator_options.hpp"
#include "cli/train_method.hpp"
#include "mcmc/sample.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "diagnostics/predictive.hpp"
#include "inference/kde_posterior.hpp"
#include "inference/method.hpp"
#include "inference/smc_abc.hpp"

namespace sbi::cli {

namespace {

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// SMC-ABC for one observation with the whole budget, sbibm's settings: population 100 up to
// 10,000 simulations, else 1,000; a first round of 5× the population (at most half the budget);
// ε from the 0.2-quantile of the last distances; kernel 0.5·Cov_w; an incomplete last round
// filled up from the previous population; unweighted Gaussian KDE with a cross-validated
// bandwidth on the final particles.
// Simulator time is measured apart from the rest (proposals, weights, resampling).
MatrixD run_smc_abc(const sim::Task& task, const RowVectorD& x_o, Index budget, Index num_samples,
                    std::uint64_t seed, Scored& row) {
  double simulating = 0;
  inference::BatchSimulator simulate = [&task, &simulating](const MatrixD& theta, std::uint64_t s) {
    const auto t0 = std::chrono::steady_clock::now();
    MatrixD x = task.simulate(theta, s);
    simulating += since(t0);
    return x;
  };
  inference::SmcAbcOptions options;
  options.num_particles = std::min<Index>(budget > 10000 ? 1000 : 100, budget);
  options.initial_population = std::clamp<Index>(5 * options.num_particles, options.num_particles,
                                                 std::max<Index>(budget / 2, options.num_particles));
  options.kernel_scale = 0.5;
  options.fill_incomplete_round = true;
  options.simulation_budget = budget;
  options.epsilon_quantile = 0.2;
  options.batch_size = std::max<Index>(100, std::min<Index>(1000, budget / 10));
  options.seed = seed;
  if (budget < options.initial_population)
    throw UsageError("smc-abc needs at least " + std::to_string(options.initial_population) +
                     " simulations for its first round, got --sims " + std::to_string(budget));
  const auto t0 = std::chrono::steady_clock::now();
  const inference::SmcAbc smc(task.prior, simulate, options);
  const inference::SmcAbcResult result = smc.run(x_o);
  // Scored through a Gaussian KDE on the final population, as sbibm does: unweighted atoms, a
  // round kernel (its sklearn KernelDensity), cross-validated bandwidth.
  const inference::EmpiricalPosterior population = result.posterior();
  const inference::KdePosterior smoothed(population.atoms(), VectorD::Ones(population.atoms().rows()), task.prior,
                                         "SMC-ABC + KDE", inference::KdeBandwidth::cross_validated,
                                         inference::KdeKernel::isotropic);
  const MatrixD draws = smoothed.sample(num_samples, derive_seed(seed, 1));
  row.seconds_simulating = simulating;
  row.seconds_sampling = since(t0) - simulating;
  return draws;
}

int benchmark_command(const std::vector<std::string>& words) {
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
  add_ace_benchmark_options(args);  // --betas, --cost-thetas, --cost-sims, --range-sims
  add_multifidelity_options(args);  // --lf-sims, --lf-task, --rounds
  add_estimator_option(args);
  add_theta_space_option(args, "npe and the multifidelity methods");
  add_c2st_classifier_option(args);
  add_simulator_options(args);
  add_common_options(args);
  if (!parse_command_line(args, words)) return 0;
  if (!args.has("out")) throw UsageError("missing --out");
  check_output_options(args, {"out", "markdown"}, {"reference-dir", "prior"});
  if (args.has("save-samples")) make_folder(args.get("save-samples"));
  const Log log = log_from(args);
  const std::string method_name = args.get("method");
  const std::vector<double> budgets = parse_number_list(args.get("sims"), "sims");
  const std::vector<int> observations = parse_observations(args.get("observations"));
  const auto seed = static_cast<std::uint64_t>(args.get_int("seed"));
  const Index num_samples = args.get_int("num-samples");
  sim::Task task = problem_from_args(args);
  const auto external = attach_simulator(args, task, args.get("out") + ".simulator", log);
  require_simulator(task, "benchmark");
  const diagnostics::C2stOptions c2st_options = c2st_options_from(args);  // fails early on an unknown name
  theta_space_option(args);  // fails early on an unknown name
  if (is_multifidelity_method(method_name)) return benchmark_multifidelity(args, log, task, observations);
  if (method_name == "ace") return benchmark_ace(args, log, task, observations);
  check_results_csv(args.get("out"), kBenchmarkColumns);
  const bool smc = method_name == "smc-abc";
  if (!smc) inference::make_method(method_name, task.prior);  // fails early on an unknown name
  try {
    mcmc::parse_sampler(args.get("sampler"));  // fails before any simulation
  } catch (const NotFoundError& e) {
    throw UsageError(std::string("--sampler: ") + e.what());
  }

  const std::vector<BenchmarkObservation> refs = benchmark_observations(args, log, task, observations, seed, num_samples);

  std::vector<Scored> rows;
  for (double budget : budgets) {
    const auto sims = static_cast<Index>(budget);
    Scored base{task.name, method_name, args.get("estimator"), sims, 0};
    if (smc) {
      for (std::size_t k = 0; k < observations.size(); ++k) {
        Scored row = base;
        row.observation = observations[k];
        Stage stage(log, "observation " + std::to_string(row.observation) + ": SMC-ABC with " +
                             std::to_string(sims) + " simulations");
        const MatrixD draws = run_smc_abc(task, refs[k].x_o, sims, num_samples, derive_seed(seed, 200 + k), row);
        save_draws(args, log, row, draws);
        score(row, draws, refs[k].reference, refs[k].theta_true, nullptr, c2st_options);
        row.median_distance = diagnostics::posterior_predictive(
            *task.simulator, draws.topRows(std::min<Index>(args.get_int("predictive-sims"), draws.rows())),
            refs[k].x_o, derive_seed(seed, 100 + k)).median_l2;
        log_row(log, row);
        rows.push_back(row);
      }
      continue;
    }
    const SimulationSet simulations = simulate_from_prior(task, sims, seed, log);
    const MatrixD& theta = simulations.theta;
    const MatrixD& x = simulations.x;
    base.seconds_simulating = simulations.seconds;
    MethodJob job;
    job.method = method_name;
    job.estimator = args.get("estimator");
    job.theta_space = theta_space_option(args);
    job.sampler = args.get("sampler");
    job.seed = seed;
    job.training.max_epochs = static_cast<int>(args.get_int("max-epochs"));
    apply_training_flags(args, job.training);
    auto method = train_method(job, task, theta, x, log, &base.seconds_training);
    for (std::size_t k = 0; k < observations.size(); ++k) {
      Scored row = base;
      row.observation = observations[k];
      Stage stage(log, "observation " + std::to_string(row.observation) + ": sampling and scoring");
      const auto t_sample = std::chrono::steady_clock::now();
      const auto posterior = method->posterior(refs[k].x_o);
      const MatrixD draws = posterior->sample(num_samples, derive_seed(seed, 5 + k));
      row.seconds_sampling = since(t_sample);
      save_draws(args, log, row, draws);
      score(row, draws, refs[k].reference, refs[k].theta_true, posterior.get(), c2st_options);
      const Index m = std::min<Index>(args.get_int("predictive-sims"), draws.rows());
      row.median_distance = diagnostics::posterior_predictive(*task.simulator, draws.topRows(m), refs[k].x_o,
                                                              derive_seed(seed, 100 + k)).median_l2;
      log_row(log, row);
      rows.push_back(row);
    }
  }

  write_benchmark_rows(args, rows, task.name, method_name, smc);
  log_simulator_counts(external.get(), log);
  log.info("wrote " + args.get("out"));
  return 0;
}

}  // namespace

SBI_COMMAND("benchmark", "score a method against reference posteriors (sbibm protocol)", benchmark_command);

}  // namespace sbi::cli
