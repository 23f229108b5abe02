// The amortized-method job (see run_method.hpp).
#include "pipelines/run_method.hpp"
#include "pipelines/train_method.hpp"

#include <chrono>

#include "pipelines/training_set.hpp"
#include "pipelines/rng_streams.hpp"
#include "plots/figures.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/rng.hpp"
#include "diagnostics/c2st.hpp"
#include "diagnostics/predictive.hpp"
#include "inference/method.hpp"
#include "inference/reference_posterior.hpp"

namespace sbi::pipelines {

nlohmann::json posterior_entry(const JobSettings& s, const sim::Task& task, const PosteriorOf& posterior_of,
                               const Observation& obs, ProgressBar& mcmc_bar, const Log& log) {
  Stage stage(log, "sampling the posterior for the " + obs.name + " observation");
  MatrixD samples;
  try {
    samples = posterior_of(obs)->sample(s.num_samples, derive_seed(s.seed, streams::kPosteriorDraws));
    mcmc_bar.finish();
  } catch (const Error& e) {
    // E.g. NPE under misspecification can put all its mass outside the prior: record the
    // failure and go on with the other observations (nothing computed so far is lost).
    log.info("  failed: " + std::string(e.what()));
    return {{"observation", obs.name}, {"error", e.what()}};
  }
  write_csv(s.out + "/samples_" + obs.name + ".csv", samples, task.parameter_names);
  nlohmann::json entry = {{"observation", obs.name}, {"samples_file", "samples_" + obs.name + ".csv"}};
  const Index m = std::min(s.predictive_sims, samples.rows());
  const auto predictive = diagnostics::posterior_predictive(*task.simulator, samples.topRows(m), obs.x,
                                                            derive_seed(s.seed, streams::kPredictive));
  entry["posterior_predictive_median_l2"] = predictive.median_l2;
  plots::PairPlotInput plot;
  plot.samples = samples;
  if (obs.has_truth) {
    plot.truth = obs.theta;
    try {  // a reference posterior where the task has one, and C2ST against it
      const MatrixD ref = inference::reference_posterior(task, obs.x, s.num_samples, derive_seed(s.seed, streams::kReferencePosterior));
      plot.reference = ref;
      entry["c2st_vs_reference"] = diagnostics::c2st(ref, samples);
      log.info("  C2ST against the reference posterior " + std::to_string(entry["c2st_vs_reference"].get<double>()));
    } catch (const NotFoundError&) {
      log.detail("no reference posterior for " + task.name);
    }
  }
  plot.names = task.parameter_names;
  plot.title = s.method + " posterior, " + obs.name + " observation";
  plots::pair_plot(plot, s.out + "/pairplot_" + obs.name + ".svg");
  log.info("  posterior-predictive median distance " + std::to_string(predictive.median_l2));
  return entry;
}

nlohmann::json run_method_job(const JobSettings& s, const sim::Task& task,
                              const std::vector<Observation>& observations, const Log& log) {
  nlohmann::json summary;
  const TrainingSet sims = simulate_job_set(s, task, log, summary);

  inference::MethodSettings settings;
  settings.estimator = s.estimator;
  settings.embedding = s.embedding;
  settings.theta_space = s.theta_space;
  settings.seed = derive_seed(s.seed, streams::kMethodInit);
  settings.training.max_epochs = s.max_epochs;
  settings.training.seed = derive_seed(s.seed, streams::kTraining);
  settings.training.progress = log.draws_progress();
  settings.mcmc = s.mcmc;
  ProgressBar mcmc_bar(log, "sampling", 1);  // MCMC posteriors (nle, nre) report their steps
  settings.mcmc.on_step = mcmc_bar.step_callback();
  auto method = inference::make_method(s.method, task.prior, settings);
  summary["simulations_dropped_nonfinite"] = method->append_simulations(sims.theta, sims.x);
  const auto t_train = std::chrono::steady_clock::now();
  {
    Stage stage(log, "training " + s.method);
    method->train();
  }
  method = under_restricted_prior(std::move(method), sims.restricted, task, settings);
  summary["seconds_training"] = seconds_since(t_train);

  const auto t_sample = std::chrono::steady_clock::now();
  nlohmann::json posteriors = nlohmann::json::array();
  const PosteriorOf posterior_of = [&method](const Observation& obs) { return method->posterior(obs.x); };
  for (const auto& obs : observations) posteriors.push_back(posterior_entry(s, task, posterior_of, obs, mcmc_bar, log));
  summary["seconds_sampling"] = seconds_since(t_sample);
  summary["posteriors"] = posteriors;
  return summary;
}

}  // namespace sbi::pipelines
