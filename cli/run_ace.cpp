// The ACE job (see run_ace.hpp).
#include "cli/run_ace.hpp"

#include <chrono>

#include "cli/figures.hpp"
#include "core/csv.hpp"
#include "core/rng.hpp"
#include "inference/ace.hpp"
#include "inference/task_distance.hpp"
#include "mcmc/diagnostics.hpp"

namespace sbi::cli {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The learned cost over a grid of θ (1-D and 2-D tasks), beside the exact cost if known.
void write_cost_landscape(const inference::Ace& ace, const sim::Task& task, const Observation& obs,
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
  cost_landscape(grid, cost, exact, task.parameter_names,
                 "learned cost for the " + obs.name + " observation", path);
}

}  // namespace

nlohmann::json run_ace_job(const JobSettings& s, const sim::Task& task,
                           const std::vector<Observation>& observations, const Log& log) {
  nlohmann::json summary;
  const SimulationSet sims = simulate_from_prior(task, s.sims, s.seed, log);
  const MatrixD& theta = sims.theta;
  const MatrixD& x = sims.x;
  summary["seconds_simulating"] = sims.seconds;

  inference::AceOptions options;
  options.seed = derive_seed(s.seed, 3);
  options.observed_target_fraction = s.ace_observed_fraction;
  inference::Ace ace(task.prior, inference::pair_distance_for_task(task, s.distance, x), options);
  const Index dropped = ace.append_simulations(theta, x);
  if (dropped > 0) log.info("  dropped " + std::to_string(dropped) + " simulations with non-finite x");
  summary["simulations_dropped_nonfinite"] = dropped;
  MatrixD known(static_cast<Index>(observations.size()), task.x_dim());
  for (std::size_t k = 0; k < observations.size(); ++k) known.row(static_cast<Index>(k)) = observations[k].x;
  ace.add_observations(known);

  nn::TrainOptions train = inference::ace_reference_training();
  train.max_epochs = s.max_epochs;
  train.patience = s.patience;
  train.batch_size = s.batch_size;
  train.adam.learning_rate = s.learning_rate;
  train.seed = derive_seed(s.seed, 4);
  train.progress = !log.quiet();
  const auto t_train = std::chrono::steady_clock::now();
  nn::TrainResult result;
  {
    Stage stage(log, "training the ACE cost network (distance " + ace.distance().name + ")");
    result = ace.train(train);
    log.info("  " + std::to_string(result.epochs.size()) + " epochs, best validation loss " +
             std::to_string(result.best_validation_loss) + " at epoch " + std::to_string(result.best_epoch + 1));
  }
  summary["seconds_training"] = seconds_since(t_train);
  summary["training"] = {{"epochs", result.epochs.size()},
                         {"best_epoch", result.best_epoch + 1},
                         {"best_validation_loss", result.best_validation_loss},
                         {"stopped_early", result.stopped_early},
                         {"train_rows", result.train_rows},
                         {"validation_rows", result.validation_rows},
                         {"output_scale", ace.output_scale()},
                         {"distance", ace.distance().name}};
  std::vector<double> train_loss, validation_loss;
  for (const auto& e : result.epochs) {
    train_loss.push_back(e.train_loss);
    validation_loss.push_back(e.validation_loss);
  }
  training_curves(train_loss, validation_loss, "ACE cost network (" + task.name + ")",
                  s.out + "/training_curves.svg");
  ace.save(s.out + "/model.sbi", task.name);

  const auto t_sample = std::chrono::steady_clock::now();
  nlohmann::json posteriors = nlohmann::json::array();
  for (const auto& obs : observations) {
    write_cost_landscape(ace, task, obs, s.out + "/cost_" + obs.name + ".svg");
    for (double beta : s.betas) {
      const std::string tag = obs.name + "_beta" + format_number(beta);
      Stage stage(log, "sampling the GBI posterior: " + obs.name + " observation, beta " + format_number(beta));
      ProgressBar bar(log, "sampling", 1);
      inference::McmcSettings mcmc = s.mcmc;
      mcmc.on_step = bar.step_callback();
      auto posterior = ace.posterior(obs.x, beta, mcmc);
      const MatrixD samples = posterior->sample(s.num_samples, derive_seed(s.seed, 5));
      bar.finish();
      write_csv(s.out + "/samples_" + tag + ".csv", samples, task.parameter_names);
      const mcmc::Diagnostics diag = mcmc::diagnose(posterior->last_run());
      // Posterior-predictive distance: the mean task distance of simulations from draws.
      const Index m = std::min(s.predictive_sims, samples.rows());
      const MatrixD x_pred = task.simulate(samples.topRows(m), derive_seed(s.seed, 6));
      std::vector<Index> finite;
      for (Index i = 0; i < x_pred.rows(); ++i)
        if (x_pred.row(i).allFinite()) finite.push_back(i);
      MatrixD kept(static_cast<Index>(finite.size()), x_pred.cols());
      for (std::size_t k = 0; k < finite.size(); ++k) kept.row(static_cast<Index>(k)) = x_pred.row(finite[k]);
      const double predictive = kept.rows() > 0 ? ace.distance().to_observation(kept, obs.x).mean() : NAN;
      log.info("  predictive distance " + std::to_string(predictive) + ", R-hat " +
               std::to_string(diag.max_rhat) + ", bulk ESS " + std::to_string(diag.min_ess_bulk));
      PairPlotInput plot;
      plot.samples = samples;
      if (obs.has_truth) plot.truth = obs.theta;
      plot.names = task.parameter_names;
      plot.title = "ACE GBI posterior, " + obs.name + " observation, beta " + format_number(beta);
      pair_plot(plot, s.out + "/pairplot_" + tag + ".svg");
      const RowVectorD mean = samples.colwise().mean();
      posteriors.push_back({{"observation", obs.name},
                            {"beta", beta},
                            {"samples_file", "samples_" + tag + ".csv"},
                            {"posterior_predictive_distance", predictive},
                            {"predictive_simulations", kept.rows()},
                            {"mcmc_sampler", posterior->last_run().sampler},
                            {"mcmc_chains", posterior->last_run().num_chains},
                            {"mcmc_max_rhat", diag.max_rhat},
                            {"mcmc_min_ess_bulk", diag.min_ess_bulk},
                            {"posterior_mean", std::vector<double>(mean.data(), mean.data() + mean.size())}});
    }
  }
  summary["seconds_sampling"] = seconds_since(t_sample);
  summary["posteriors"] = posteriors;
  return summary;
}

}  // namespace sbi::cli
