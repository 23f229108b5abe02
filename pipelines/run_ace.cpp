// The ACE job (see run_ace.hpp).
#include "pipelines/run_ace.hpp"

#include <chrono>

#include "pipelines/training_set.hpp"
#include "plots/figures.hpp"
#include "pipelines/train_ace.hpp"
#include "pipelines/rng_streams.hpp"
#include "simulators/model_tag.hpp"
#include "core/csv.hpp"
#include "core/rng.hpp"
#include "inference/task_distance.hpp"
#include "mcmc/diagnostics.hpp"

namespace sbi::pipelines {

namespace {


// The learned cost over a grid of θ (1-D and 2-D tasks), beside the exact cost if known.
void write_cost_landscape(const inference::AceEnsemble& ace, const sim::Task& task, const Observation& obs,
                          const std::string& path) {
  const Index dim = task.theta_dim();
  if (dim > 2) return;
  const VectorD mean = task.prior->mean(), sd = task.prior->sd();
  // Box priors: the box; others: mean ± 3 sd.
  MatrixD probe = task.sample_prior(20000, 1);
  VectorD lo = probe.colwise().minCoeff(), hi = probe.colwise().maxCoeff();
  for (Index d = 0; d < dim; ++d) {
    lo(d) = std::max(lo(d), mean(d) - 3 * sd(d));
    hi(d) = std::min(hi(d), mean(d) + 3 * sd(d));
  }
  const Index g = dim == 1 ? 400 : 80;
  MatrixD grid(dim == 1 ? g : g * g, dim);
  for (Index i = 0; i < grid.rows(); ++i) {
    const Index a = dim == 1 ? i : i % g, b = i / g;
    grid(i, 0) = lo(0) + (hi(0) - lo(0)) * (double(a) + 0.5) / double(g);
    if (dim == 2) grid(i, 1) = lo(1) + (hi(1) - lo(1)) * (double(b) + 0.5) / double(g);
  }
  const VectorD cost = ace.cost(grid, obs.x);
  std::optional<VectorD> exact;
  if (task.has_exact_cost()) exact = task.evaluate_exact_cost(grid, obs.x);
  plots::cost_landscape(grid, cost, exact, task.parameter_names,
                 "learned cost for the " + obs.name + " observation", path);
}

// The generalized posterior of one observation at one β: draws, MCMC diagnostics, the
// posterior-predictive distance (the mean task distance of simulations from draws), the pair plot.
nlohmann::json ace_posterior_entry(const JobSettings& s, const sim::Task& task, const inference::AceEnsemble& ace,
                                   const Observation& obs, double beta, const sim::PriorPtr& prior, const Log& log) {
  const std::string tag = obs.name + "_beta" + format_number(beta);
  Stage stage(log, "sampling the GBI posterior: " + obs.name + " observation, beta " + format_number(beta));
  ProgressBar bar(log, "sampling", 1);
  inference::McmcSettings mcmc = s.mcmc;
  mcmc.on_step = bar.step_callback();
  auto posterior = ace.posterior(obs.x, beta, mcmc, prior);
  const MatrixD samples = posterior->sample(s.num_samples, derive_seed(s.seed, streams::kPosteriorDraws));
  bar.finish();
  write_csv(s.out + "/samples_" + tag + ".csv", samples, task.parameter_names);
  const mcmc::Diagnostics diag = mcmc::diagnose(posterior->last_run());
  const Index m = std::min(s.predictive_sims, samples.rows());
  const MatrixD kept = finite_rows(task.simulate(samples.topRows(m), derive_seed(s.seed, streams::kPredictive)));
  const double predictive = kept.rows() > 0 ? ace.member(0).distance().to_observation(kept, obs.x).mean() : NAN;
  log.info("  predictive distance " + std::to_string(predictive) + ", R-hat " + std::to_string(diag.max_rhat) +
           ", bulk ESS " + std::to_string(diag.min_ess_bulk));
  plots::PairPlotInput plot;
  plot.samples = samples;
  if (obs.has_truth) plot.truth = obs.theta;
  plot.names = task.parameter_names;
  plot.title = "ACE GBI posterior, " + obs.name + " observation, beta " + format_number(beta);
  plots::pair_plot(plot, s.out + "/pairplot_" + tag + ".svg");
  const RowVectorD mean = samples.colwise().mean();
  return {{"observation", obs.name},
          {"beta", beta},
          {"samples_file", "samples_" + tag + ".csv"},
          {"posterior_predictive_distance", predictive},
          {"predictive_simulations", kept.rows()},
          {"mcmc_sampler", posterior->last_run().sampler},
          {"mcmc_chains", posterior->last_run().num_chains},
          {"mcmc_max_rhat", diag.max_rhat},
          {"mcmc_min_ess_bulk", diag.min_ess_bulk},
          {"posterior_mean", std::vector<double>(mean.data(), mean.data() + mean.size())}};
}

}  // namespace

nlohmann::json run_ace_job(const JobSettings& s, const sim::Task& task,
                           const std::vector<Observation>& observations, const Log& log) {
  nlohmann::json summary;
  const TrainingSet sims = simulate_job_set(s, task, log, summary);
  const Index dropped = count_nonfinite_rows(sims.x);  // ACE drops these
  if (dropped > 0) log.info("  dropped " + std::to_string(dropped) + " simulations with non-finite x");
  summary["simulations_dropped_nonfinite"] = dropped;
  MatrixD known(static_cast<Index>(observations.size()), task.x_dim());
  for (std::size_t k = 0; k < observations.size(); ++k) known.row(static_cast<Index>(k)) = observations[k].x;
  const TrainedAce trained =
      train_ace_for_job(s, task.prior, inference::pair_distance_for_task(task, s.distance, sims.x), sims.theta,
                        sims.x, known, task.name, log);
  const inference::AceEnsemble& ace = trained.ensemble;
  summary["seconds_training"] = trained.seconds;
  summary["training"] = ace_training_json(trained);
  std::vector<double> train_loss, validation_loss;
  for (const auto& e : trained.results.front().epochs) {
    train_loss.push_back(e.train_loss);
    validation_loss.push_back(e.validation_loss);
  }
  plots::training_curves(train_loss, validation_loss, "ACE cost network (" + task.name + ")",
                         s.out + "/training_curves.svg");
  // Restricted simulations: the posteriors and the saved members use the restricted prior p̃.
  summary["model_files"] = save_ace_members(ace, s.out, sim::model_tag(task), sims.restricted.get());

  const auto t_sample = std::chrono::steady_clock::now();
  nlohmann::json posteriors = nlohmann::json::array();
  for (const auto& obs : observations) {
    write_cost_landscape(ace, task, obs, s.out + "/cost_" + obs.name + ".svg");
    for (double beta : s.betas)
      posteriors.push_back(ace_posterior_entry(s, task, ace, obs, beta, sims.restricted, log));
  }
  summary["seconds_sampling"] = seconds_since(t_sample);
  summary["posteriors"] = posteriors;
  return summary;
}

}  // namespace sbi::pipelines
