// Observations and reference posteriors of `sbi benchmark` (see benchmark_observations.hpp).
#include "pipelines/benchmark_observations.hpp"

#include <sstream>

#include "pipelines/job.hpp"
#include "pipelines/progress.hpp"
#include "pipelines/rng_streams.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/rng.hpp"
#include "inference/reference_posterior.hpp"
#include "simulators/sbibm_loader.hpp"

namespace sbi::pipelines {

namespace {
// Each observation is a whole inference run; more than this is a typo, not a benchmark.
constexpr std::size_t kMaxObservations = 10000;
}  // namespace

std::vector<int> parse_observations(const std::string& text) {
  std::vector<int> out;
  std::stringstream in(text);
  std::string item;
  try {
    while (std::getline(in, item, ',')) {
      const auto dash = item.find('-');
      if (dash == std::string::npos) {
        out.push_back(std::stoi(item));
      } else {
        const int a = std::stoi(item.substr(0, dash)), b = std::stoi(item.substr(dash + 1));
        if (b >= a && std::size_t(b - a) >= kMaxObservations)
          throw SettingsError("--observations range '" + excerpt(item) + "' holds more than " +
                           std::to_string(kMaxObservations) + " observations");
        for (int k = a; k <= b; ++k) out.push_back(k);
      }
      if (out.size() > kMaxObservations)
        throw SettingsError("--observations lists more than " + std::to_string(kMaxObservations) +
                         " observations ('" + excerpt(text) + "')");
    }
  } catch (const SettingsError&) {
    throw;
  } catch (const std::exception&) {
    throw SettingsError("--observations expects e.g. 1-10 or 1,3,5; got '" + excerpt(text) + "'");
  }
  if (out.empty()) throw SettingsError("--observations is empty");
  for (int k : out)
    if (k < 1) throw SettingsError("observation numbers start at 1");
  return out;
}

EngineObservation engine_observation(const sim::Task& task, int number, std::uint64_t seed) {
  const auto k = static_cast<std::uint64_t>(number);
  const MatrixD theta = task.sample_prior(1, derive_seed(seed, streams::kEngineObservationPrior.id(k)));
  EngineObservation o{theta.row(0), task.simulate(theta, derive_seed(seed, streams::kEngineObservationSimulation.id(k))).row(0)};
  if (!o.x_o.allFinite())
    throw ValueError("observation " + std::to_string(number) + " of " + task.name +
                     " is not finite; choose other observation numbers");
  return o;
}

std::vector<BenchmarkObservation> benchmark_observations(const BenchmarkSettings& settings, const Log& log,
                                                         const sim::Task& task) {
  const std::uint64_t seed = settings.seed;
  const bool from_files = !settings.reference_dir.empty();
  const bool has_reference = task.has_reference() || task.has_log_likelihood();
  if (!from_files && !has_reference)
    log.info("task " + task.name + " has no reference posterior" +
             (task.reference_unavailable.empty() ? "" : " (" + task.reference_unavailable + ")") +
             ": rows carry NLTP and predictive distances, C2ST and MMD are NaN");
  if (!from_files && !task.has_reference() && task.has_log_likelihood())
    log.info("task " + task.name + " has no exact reference sampler: each observation's reference posterior "
             "comes from long likelihood MCMC (minutes each; --reference-dir reads sbibm's files instead)");
  std::vector<BenchmarkObservation> out;
  for (int k : settings.observations) {
    BenchmarkObservation o;
    o.number = k;
    const auto uk = static_cast<std::uint64_t>(k);
    if (from_files) {
      const auto loaded = sim::load_sbibm_observation(settings.reference_dir, task.name, k);
      o.x_o = loaded.observation;
      o.theta_true = loaded.true_parameters;
      if (loaded.has_reference) o.reference = loaded.reference_samples;
    } else {
      EngineObservation engine = engine_observation(task, k, seed);
      o.x_o = std::move(engine.x_o);
      o.theta_true = std::move(engine.theta_true);
      if (has_reference) {
        Stage stage(log, "reference posterior for observation " + std::to_string(k));
        inference::McmcSettings mcmc = inference::reference_mcmc_settings();
        ProgressBar bar(log, "reference MCMC", 1);
        if (!task.has_reference()) mcmc.on_step = bar.step_callback();
        o.reference = inference::reference_posterior(task, o.x_o, settings.num_samples, derive_seed(seed, streams::kReferenceDraws.id(uk)), mcmc);
        if (!task.has_reference()) bar.finish();
      }
    }
    if (!settings.save_samples.empty() && o.reference.rows() > 0) {
      // The reference draws beside the methods' draws, so that the files can be scored again
      // later by another metric (e.g. 'sbi metrics c2st --c2st-classifier forest').
      const std::string path =
          settings.save_samples + "/" + task.name + "_reference_obs" + std::to_string(k) + ".csv";
      write_csv(path, o.reference, numbered_names("theta", o.reference.cols()));
      log.detail("  reference draws saved to " + path);
    }
    if (o.x_o.size() != task.x_dim())
      throw ShapeError("observation " + std::to_string(k) + " has " + std::to_string(o.x_o.size()) + " values, task " +
                       task.name + " " + std::to_string(task.x_dim()));
    out.push_back(std::move(o));
  }
  return out;
}

MatrixD reference_samples(const sim::Task& task, const std::string& observation_file, Index n, std::uint64_t seed,
                          const Log& log) {
  const MatrixD xo = read_csv_matrix(observation_file);
  if (xo.rows() != 1 || xo.cols() != task.x_dim())
    throw ShapeError("--observation " + observation_file + " holds " + shape_of(xo) + " values; task '" + task.name +
                     "' needs one row of " + std::to_string(task.x_dim()));
  inference::McmcSettings mcmc = inference::reference_mcmc_settings();
  ProgressBar bar(log, "reference MCMC", 1);  // shown only when the task has no exact sampler
  if (!task.has_reference()) {
    log.info("task '" + task.name + "' has no exact reference sampler: long likelihood MCMC (" +
             std::to_string(mcmc.num_chains) + " chains, " + std::to_string(mcmc.warmup_steps) +
             " warm-up steps); this can take minutes");
    mcmc.on_step = bar.step_callback();
  }
  const MatrixD samples = inference::reference_posterior(task, xo.row(0), n, seed, mcmc);
  if (!task.has_reference()) bar.finish();
  return samples;
}

}  // namespace sbi::pipelines
