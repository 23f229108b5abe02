// Simulation-based calibration (see calibration.hpp).
#include "pipelines/device_backend.hpp"
#include "pipelines/calibration.hpp"

#include <algorithm>
#include <optional>

#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/rng.hpp"
#include "inference/method.hpp"
#include "pipelines/job.hpp"
#include "pipelines/train_method.hpp"
#include "pipelines/rng_streams.hpp"
#include "sequential/restriction_file.hpp"
#include "simulators/model_tag.hpp"

namespace sbi::pipelines {

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

// saved: the archive of s.model, read once by run_calibration (null without --model).
std::unique_ptr<inference::Method> method_to_calibrate(const CalibrationJobSettings& s, const std::string& method,
                                                       const sim::Task& task, const Log& log,
                                                       const nn::ModelArchive* saved) {
  if (saved) return inference::load_method(*saved, s.model, inference::model_prior(*saved, task.prior));
  inference::make_method(method, task.prior);  // fails early on an unknown name
  const SimulationSet training = simulate_from_prior(task, s.sims, s.seed, log);
  MethodJob job;
  job.method = method;
  job.estimator = s.estimator;
  job.seed = s.seed;
  job.training.max_epochs = s.max_epochs;
  return train_method(job, task, training.theta, training.x, log);
}

// The pairs (θ*, x*): the first `runs` rows of a simulations folder, or fresh prior draws.
void calibration_pairs(const CalibrationJobSettings& s, const sim::Task& task, MatrixD& theta_true, MatrixD& x_true) {
  if (s.simulations.empty()) {
    theta_true = task.sample_prior(s.runs, derive_seed(s.seed, streams::kCalibrationPrior));
    x_true = task.simulate(theta_true, derive_seed(s.seed, streams::kCalibrationSimulation));
    return;
  }
  const std::string& dir = s.simulations;
  theta_true = read_csv_matrix(dir + "/simulations_theta.csv");
  x_true = read_csv_matrix(dir + "/simulations_x.csv");
  const bool x_width_known = task.x_dim() > 0;  // a prior-file model: the network checks x
  if (theta_true.cols() != task.theta_dim() || (x_width_known && x_true.cols() != task.x_dim()) ||
      theta_true.rows() != x_true.rows())
    throw ShapeError("--simulations " + dir + ": θ is " + std::to_string(theta_true.rows()) + " x " +
                     std::to_string(theta_true.cols()) + " and x " + std::to_string(x_true.rows()) + " x " +
                     std::to_string(x_true.cols()) + "; task " + task.name + " needs " +
                     std::to_string(task.theta_dim()) + " and " + std::to_string(task.x_dim()) + " columns");
  const Index n = std::min<Index>(s.runs, theta_true.rows());
  theta_true = theta_true.topRows(n).eval();
  x_true = x_true.topRows(n).eval();
}

}  // namespace

void check_calibration_settings(const CalibrationJobSettings& s) {
  require_cpu_only(s.device, "calibrate");
  if (s.method == "smc-abc" || s.method == "ace")
    throw SettingsError("sbi calibrate needs an amortised method (npe, nle, nre, nre-b, nre-c, rej-abc); '" + s.method +
                        "' is observation-specific or a generalized posterior");
  if (s.runs < 1) throw SettingsError("--runs must be at least 1");
  if (s.num_samples < 1) throw SettingsError("--num-samples must be at least 1");
  if (s.model.empty() && s.sims < 1) throw SettingsError("--sims must be at least 1");
}

CalibrationRun run_calibration(CalibrationJobSettings s, const sim::Task& task, const Log& log) {
  std::optional<nn::ModelArchive> saved;
  if (!s.model.empty()) {
    saved = nn::load_archive(s.model);
    s.method = saved->kind;
  }
  check_calibration_settings(s);
  CalibrationRun run;
  run.method = s.method;
  const std::unique_ptr<inference::Method> method =
      method_to_calibrate(s, run.method, task, log, saved ? &*saved : nullptr);
  MatrixD theta_true, x_true;
  calibration_pairs(s, task, theta_true, x_true);
  diagnostics::CalibrationSettings options;
  options.num_posterior_samples = s.num_samples;
  options.bins = s.bins;
  options.use_log_prob = !s.marginal_coverage;
  options.seed = derive_seed(s.seed, streams::kCalibrationDraws);
  {
    Stage stage(log, "calibration: " + std::to_string(theta_true.rows()) + " posteriors of " +
                         std::to_string(s.num_samples) + " draws");
    run.result = diagnostics::calibrate(theta_true, x_true, builder_for(*method), options);
  }
  write_csv(s.out, run.result.ranks, task.parameter_names);
  if (!s.coverage_out.empty()) write_coverage(s.coverage_out, run.result.coverage);
  return run;
}

sim::Task saved_model_task(CalibrationJobSettings& s) {
  const inference::ModelFileInfo info = inference::peek_model_file(s.model);
  if (info.tag.empty()) throw IOError("'" + s.model + "' does not record its task; calibrate it through the C++ API");
  s.method = info.kind;
  return sim::task_from_model_tag(info.tag);
}

}  // namespace sbi::pipelines
