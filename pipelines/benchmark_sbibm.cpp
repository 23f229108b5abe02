// The sbibm benchmark and the choice of table (see benchmark_sbibm.hpp).
#include "pipelines/device_backend.hpp"
#include "pipelines/benchmark_sbibm.hpp"

#include <algorithm>
#include <chrono>
#include <functional>

#include "core/atomic_file.hpp"
#include "core/communicator.hpp"
#include "core/errors.hpp"
#include "core/rank_split.hpp"
#include "core/rng.hpp"
#include "diagnostics/predictive.hpp"
#include "inference/kde_posterior.hpp"
#include "inference/method.hpp"
#include "inference/smc_abc.hpp"
#include "mcmc/sample.hpp"
#include "pipelines/benchmark_ace.hpp"
#include "pipelines/benchmark_multifidelity.hpp"
#include "pipelines/benchmark_observations.hpp"
#include "pipelines/benchmark_rows.hpp"
#include "pipelines/job.hpp"
#include "pipelines/results_files.hpp"
#include "pipelines/train_method.hpp"
#include "pipelines/training_set.hpp"
#include "pipelines/rng_streams.hpp"
#include "sequential/sequential.hpp"

namespace sbi::pipelines {

namespace {

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
    simulating += seconds_since(t0);
    return x;
  };
  inference::SmcAbcSettings options;
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
    throw SettingsError("smc-abc needs at least " + std::to_string(options.initial_population) +
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
  const MatrixD draws = smoothed.sample(num_samples, derive_seed(seed, streams::kSmcKdeDraws));
  row.seconds_simulating = simulating;
  row.seconds_sampling = seconds_since(t0) - simulating;
  return draws;
}

// Under MPI each rank prepares and scores its block of the observations (in index order) and
// writes its own --save-samples files; the rows are gathered in observation order on every rank,
// so they are identical for any number of ranks.
struct ObservationBlock {
  RowBlock mine;
  std::vector<BenchmarkObservation> refs;  // of this rank's block only
  const BenchmarkObservation& operator[](Index k) const { return refs[static_cast<std::size_t>(k - mine.begin)]; }
};

ObservationBlock my_observations(const BenchmarkSettings& s, const sim::Task& task, const Log& log) {
  const Communicator& ranks = Communicator::current();
  ObservationBlock block;
  block.mine = rows_of_rank(static_cast<Index>(s.observations.size()), ranks.rank(), ranks.size());
  BenchmarkSettings mine = s;
  mine.observations.assign(s.observations.begin() + block.mine.begin, s.observations.begin() + block.mine.end);
  const RankLocalScope alone;
  const EveryRankWritesScope own_files;
  block.refs = benchmark_observations(mine, log, task);
  return block;
}

// run_one(k, row) for every observation k of this rank; every observation's row, in order.
std::vector<Scored> gather_rows(const BenchmarkSettings& s, const Scored& base,
                                const std::function<void(Index k, Scored& row)>& run_one) {
  const MatrixD table = gather_items_over_ranks(static_cast<Index>(s.observations.size()), kScoredWidth,
                                                [&](Index k, double* numbers) {
                                                  Scored row = base;
                                                  row.observation = s.observations[static_cast<std::size_t>(k)];
                                                  const EveryRankWritesScope own_files;
                                                  run_one(k, row);
                                                  scored_to_numbers(row, numbers);
                                                });
  std::vector<Scored> rows;
  for (Index k = 0; k < table.rows(); ++k) {
    const Scored row = scored_from_numbers(base, table.row(k));
    if (row.observation > 0) rows.push_back(row);  // ≤ 0: skipped (see skip_invalid_observation)
  }
  return rows;
}

// With --restrict, a model trained on valid simulations only does not apply to an x_o that
// breaks the rule: its row is marked skipped (observation negated) and left out after gathering.
bool skip_invalid_observation(const BenchmarkSettings& s, const BenchmarkObservation& ref, Scored& row,
                              const Log& log) {
  if (!s.restriction || s.restriction->rule.valid(ref.x_o.data(), ref.x_o.size())) return false;
  log.info("observation " + std::to_string(row.observation) + " breaks --restrict " + s.restriction->rule.str() +
           ": skipped (the model learns valid simulations only)");
  row.observation = -row.observation;
  return true;
}

// The draws' median posterior-predictive distance to x_o, then the row in the log.
void finish_row(const BenchmarkSettings& s, const sim::Task& task, const BenchmarkObservation& ref,
                const MatrixD& draws, Scored& row, const Log& log) {
  const Index m = std::min<Index>(s.predictive_sims, draws.rows());
  row.median_distance = diagnostics::posterior_predictive(*task.simulator, draws.topRows(m), ref.x_o,
                                                          derive_seed(s.seed, streams::observation_predictive(ref.number))).median_l2;
  log_row(log, row);
}

// SMC-ABC: one run per observation with the whole budget.
void smc_abc_rows(const BenchmarkSettings& s, const sim::Task& task, const ObservationBlock& refs,
                  const Scored& base, std::vector<Scored>& rows, const Log& log) {
  const std::vector<Scored> scored = gather_rows(s, base, [&](Index k, Scored& row) {
    Stage stage(log, "observation " + std::to_string(row.observation) + ": SMC-ABC with " + std::to_string(base.sims) +
                         " simulations");
    const MatrixD draws = run_smc_abc(task, refs[k].x_o, base.sims, s.num_samples, derive_seed(s.seed, streams::smc_abc_run(refs[k].number)), row);
    save_draws(s.save_samples, log, row, draws);
    score(row, draws, refs[k].reference, refs[k].theta_true, nullptr, s.c2st);
    finish_row(s, task, refs[k], draws, row, log);
  });
  rows.insert(rows.end(), scored.begin(), scored.end());
}

// An amortized method: trained once on the budget's simulations, then every observation.
void trained_method_rows(const BenchmarkSettings& s, const sim::Task& task,
                         const ObservationBlock& refs, Scored base, std::vector<Scored>& rows, const Log& log) {
  const TrainingSet simulations = simulate_training_set(task, base.sims, s.seed, s.restriction, log);
  base.seconds_simulating = simulations.seconds;
  MethodJob job;
  job.method = s.method;
  job.estimator = s.estimator;
  job.embedding = s.embedding;
  job.theta_space = s.theta_space;
  job.mcmc = s.mcmc;
  job.restricted = simulations.restricted;
  job.seed = s.seed;
  job.training.max_epochs = s.max_epochs;
  s.training.apply_to(job.training);
  auto method = train_method(job, task, simulations.theta, simulations.x, log, &base.seconds_training);
  const std::vector<Scored> scored = gather_rows(s, base, [&](Index k, Scored& row) {
    if (skip_invalid_observation(s, refs[k], row, log)) return;
    Stage stage(log, "observation " + std::to_string(row.observation) + ": sampling and scoring");
    const auto t_sample = std::chrono::steady_clock::now();
    const auto posterior = method->posterior(refs[k].x_o);
    const MatrixD draws = posterior->sample(s.num_samples, derive_seed(s.seed, streams::observation_draws(refs[k].number)));
    row.seconds_sampling = seconds_since(t_sample);
    save_draws(s.save_samples, log, row, draws);
    score(row, draws, refs[k].reference, refs[k].theta_true, posterior.get(), s.c2st);
    finish_row(s, task, refs[k], draws, row, log);
  });
  rows.insert(rows.end(), scored.begin(), scored.end());
}

}  // namespace

void check_benchmark_settings(const BenchmarkSettings& s, const sim::Task& task) {
  if (s.out.empty()) throw SettingsError("missing --out");
  if (is_multifidelity_method(s.method) || s.method == "ace") return;
  check_results_csv(s.out, kBenchmarkColumns);
  if (s.method != "smc-abc") inference::make_method(s.method, task.prior);  // fails early on an unknown name
}

void benchmark_sbibm(const BenchmarkSettings& s, const sim::Task& task, const Log& log) {
  check_benchmark_settings(s, task);
  const bool smc = s.method == "smc-abc";
  const ObservationBlock refs = my_observations(s, task, log);
  std::vector<Scored> rows;
  for (const Index sims : s.budgets) {
    const Scored base{task.name, s.method, s.estimator, sims, 0};
    if (smc) smc_abc_rows(s, task, refs, base, rows, log);
    else trained_method_rows(s, task, refs, base, rows, log);
  }
  write_benchmark_rows(s.out, s.markdown, s.seed, rows, task.name, s.method, smc);
  log.info("wrote " + s.out);
}

void check_benchmark_options(const BenchmarkSettings& s) {
  const bool sequential = inference::is_sequential_method(s.method);
  if (s.restriction && ((is_multifidelity_method(s.method) && !sequential) || s.method == "ace" || s.method == "smc-abc"))
    throw SettingsError("--restrict applies to npe, nle, nre, nre-b, nre-c, rej-abc and the multi-round methods here");
  if (s.embedding.enabled() && is_multifidelity_method(s.method) && !sequential)
    throw SettingsError("--embedding with " + s.method + ": not in sbi benchmark's multi-fidelity tables");
  if (s.embedding.enabled() && s.method == "ace")
    throw SettingsError("--embedding with ace: use sbi run or sbi train (sbi benchmark's ACE tables do not take one)");
}

void run_benchmark(const BenchmarkSettings& settings, const sim::Task& task, const Log& log) {
  require_cpu_only(settings.device, "benchmark");
  check_benchmark_options(settings);
  if (is_multifidelity_method(settings.method)) return benchmark_multifidelity(settings, task, log);
  if (settings.method == "ace") return benchmark_ace(settings, task, log);
  benchmark_sbibm(settings, task, log);
}

}  // namespace sbi::pipelines
