// `sbi bench nle-mcmc`: the MCMC phase of NLE with sbi's settings (slice sampling, 20 chains,
// 200 warm-up steps, thin 1, 10,000 draws; SIR start) on two_moons, one thread, process CPU
// time, for a MAF (5 transforms, 50 hidden, sbi's defaults) and a coupling NSF, each with the
// potential log q(x_o | θ) + log p(θ) evaluated two ways in the same run:
//   tape       ConditionalDensityEstimator::log_prob_into (the tape path, the reference), and
//   evaluator  flows::FlowEvaluator (masked weights built once, no tape), as Nle::posterior uses.
// The flow is trained for a few epochs on 10⁴ simulations (the posterior's shape, hence the
// slice sampler's number of density calls, is that of a nearly trained model; this suite is
// about time, not accuracy). Also the density alone on 20 rows (one call per step of 20 chains).

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "bench/harness.hpp"
#include "core/parallel.hpp"
#include "flows/flow_evaluator.hpp"
#include "flows/training.hpp"
#include "inference/mcmc_posterior.hpp"
#include "inference/nle_potential.hpp"
#include "simulators/task.hpp"

namespace sbi::bench {

namespace {

// Median process CPU seconds of posterior.sample(10,000) over `repeats` runs (seeds 1..).
double sampling_cpu_seconds(const mcmc::LogDensity& potential, const sim::PriorPtr& prior, int repeats) {
  inference::McmcSettings settings;
  settings.num_chains = 20;
  settings.warmup_steps = 200;
  settings.thin = 1;
  inference::McmcPosterior posterior(prior, potential, settings, "NLE posterior (bench)");
  std::vector<double> seconds;
  for (int r = 0; r < repeats; ++r) {
    const double t0 = process_cpu_seconds();
    posterior.sample(10000, static_cast<std::uint64_t>(r + 1));
    seconds.push_back(process_cpu_seconds() - t0);
  }
  std::sort(seconds.begin(), seconds.end());
  return seconds[seconds.size() / 2];
}

void run_kind(Report& report, const Options& options, const std::string& kind) {
  const sim::Task task = sim::make_task("two_moons");
  const MatrixD theta = task.sample_prior(10000, 1);
  const MatrixD x = task.simulate(theta, 2);
  flows::EstimatorSettings config = kind == "maf" ? flows::maf_config(task.x_dim(), task.theta_dim(), 3)
                                                  : flows::nsf_config(task.x_dim(), task.theta_dim(), 3);
  std::shared_ptr<flows::ConditionalDensityEstimator> estimator = flows::build_estimator(config);
  nn::TrainSettings train;
  train.max_epochs = 20;
  train.progress = false;
  progress(options, "nle-" + kind + " training 20 epochs");
  flows::fit_estimator(*estimator, x.cast<float>(), theta.cast<float>(), train);
  const MatrixF x_o = task.simulate(task.sample_prior(1, 3), 4).cast<float>();
  std::shared_ptr<flows::FlowEvaluator> fast = flows::FlowEvaluator::build(*estimator);
  const mcmc::LogDensity tape_potential = inference::likelihood_potential(estimator, nullptr, task.prior, x_o);
  const mcmc::LogDensity fast_potential = inference::likelihood_potential(estimator, fast, task.prior, x_o);

  const std::string tag = "nle-" + kind;
  MatrixD rows = task.sample_prior(20, 5);
  VectorD logp(20);
  progress(options, tag + " density rows=20");
  const double tape_call = seconds_per_call([&] { tape_potential.value(rows, logp); }, options.min_seconds);
  const double fast_call = seconds_per_call([&] { fast_potential.value(rows, logp); }, options.min_seconds);
  report.add(tag + " potential rows=20 tape", 1e6 * tape_call, "us", "one call, tape path (wall)");
  report.add(tag + " potential rows=20 evaluator", 1e6 * fast_call, "us", "one call, FlowEvaluator (wall)");
  report.add(tag + " potential rows=20 speed-up", tape_call / fast_call, "x", "tape / evaluator");

  // How the sampler calls the potential: calls per run and rows per call.
  auto calls = std::make_shared<std::array<double, 2>>();
  mcmc::LogDensity counted = fast_potential;
  counted.value = [calls, inner = fast_potential.value](ConstRowsD theta, ValuesD logp) {
    (*calls)[0] += 1;
    (*calls)[1] += static_cast<double>(theta.rows());
    inner(theta, logp);
  };
  sampling_cpu_seconds(counted, task.prior, 1);
  report.add(tag + " potential calls per MCMC run", (*calls)[0], "calls", "incl. SIR start (10,000 rows once)");
  report.add(tag + " potential rows per call", (*calls)[1] / (*calls)[0], "rows", "mean");

  const int repeats = options.min_seconds >= 0.5 ? 3 : 1;
  progress(options, tag + " slice MCMC, sbi's settings");
  const double tape_mcmc = sampling_cpu_seconds(tape_potential, task.prior, repeats);
  const double fast_mcmc = sampling_cpu_seconds(fast_potential, task.prior, repeats);
  const std::string what = " slice 20 chains, 200 warm-up, thin 1, 10k draws";
  report.add(tag + what + " tape", tape_mcmc, "CPU s", "median of runs, one thread");
  report.add(tag + what + " evaluator", fast_mcmc, "CPU s", "median of runs, one thread");
  report.add(tag + what + " speed-up", tape_mcmc / fast_mcmc, "x", "tape / evaluator");
}

void run_nle_mcmc_bench(Report& report, const Options& options) {
  ThreadCountGuard one_thread(1);
  for (const std::string kind : {"maf", "nsf"}) run_kind(report, options, kind);
}

}  // namespace

SBI_BENCH_SUITE("nle-mcmc", "NLE slice MCMC with sbi's settings: tape potential vs tape-free FlowEvaluator (1 thread, CPU s)",
                run_nle_mcmc_bench);

}  // namespace sbi::bench
