// The ACE benchmark (see benchmark_ace.hpp).
#include "pipelines/benchmark_ace.hpp"
#include "pipelines/results_files.hpp"

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <tuple>

#include "pipelines/benchmark_observations.hpp"
#include "pipelines/job.hpp"
#include "pipelines/rng_streams.hpp"
#include "core/errors.hpp"
#include "core/rng.hpp"
#include "diagnostics/predictive.hpp"
#include "inference/ace_ensemble.hpp"
#include "inference/task_distance.hpp"
#include "simulators/misspecified.hpp"

namespace sbi::pipelines {

namespace {


struct AceObservation {
  int number = 0;
  std::string spec;  // well_specified | misspecified
  RowVectorD x;
  VectorD true_cost;  // c(θ_c, x) at the cost-check θ's
};

struct AceRow {
  Index sims = 0;
  int observation = 0;
  std::string spec;
  double beta = 0, predictive = NAN, pearson = NAN, relative_rmse = NAN;
  double seconds_simulating = 0, seconds_training = 0, seconds_sampling = 0;
};

// The published mean well-specified predictive distances at the reference β (TASKS.md).
double published_distance(const std::string& task, double beta) {
  static const std::map<std::string, std::vector<double>> table = {
      {"uniform_1d", {0.093, 0.045, 0.026}},
      {"two_moons", {0.082, 0.015, 0.007}},
      {"linear_gaussian", {3.7, 1.5, 0.9}},
      {"gaussian_mixture_trials", {0.105, 0.045, 0.02}}};
  const auto it = table.find(task);
  if (it == table.end()) return NAN;
  const std::vector<double> betas = reference_betas(task);
  for (std::size_t i = 0; i < betas.size() && i < it->second.size(); ++i)
    if (betas[i] == beta) return it->second[i];
  return NAN;
}

double pearson(const VectorD& a, const VectorD& b) {
  const VectorD da = a.array() - a.mean(), db = b.array() - b.mean();
  return da.dot(db) / std::sqrt(da.squaredNorm() * db.squaredNorm());
}

// Mean distance over `per_theta` simulations per θ (rows grouped by θ), non-finite ones dropped.
VectorD monte_carlo_cost(const inference::PairDistance& distance, const MatrixD& x_mc, Index per_theta,
                         const RowVectorD& x_o) {
  const Index n = x_mc.rows() / per_theta;
  const VectorD d = distance.to_observation(x_mc, x_o);
  VectorD cost(n);
  for (Index i = 0; i < n; ++i) {
    double sum = 0;
    Index used = 0;
    for (Index j = i * per_theta; j < (i + 1) * per_theta; ++j)
      if (std::isfinite(d(j))) {
        sum += d(j);
        ++used;
      }
    cost(i) = used > 0 ? sum / double(used) : NAN;
  }
  return cost;
}

constexpr const char* kAceColumns =
    "task,method,sims,observation,spec,beta,predictive_distance,cost_pearson_r,cost_relative_rmse,"
    "cost_reference,seconds_simulating,seconds_training,seconds_sampling,seed";

std::vector<AceObservation> make_observations(const sim::Task& task, const std::vector<int>& numbers,
                                              std::uint64_t seed, Index range_sims, const Log& log) {
  std::vector<AceObservation> out;
  sim::PredictiveRange range;
  if (!task.misspecified_observation) {
    Stage stage(log, "prior-predictive range from " + std::to_string(range_sims) + " simulations");
    range = sim::prior_predictive_range(task, range_sims, derive_seed(seed, streams::kPredictiveRange));
  }
  for (int k : numbers) {
    const auto uk = static_cast<std::uint64_t>(k);
    const RowVectorD x = engine_observation(task, k, seed).x_o;
    out.push_back({k, "well_specified", x, {}});
    RowVectorD mis;
    if (task.misspecified_observation) {
      mis = task.misspecified_observation(derive_seed(seed, streams::kAceMisspecified.id(uk)));
    } else {
      Rng rng(derive_seed(seed, streams::kAceMisspecified.id(uk)), 0);
      mis = sim::push_outside_range(x, range, rng);
    }
    out.push_back({k, "misspecified", mis, {}});
  }
  return out;
}

void write_rows(const std::string& path, const std::string& task, const std::string& method,
                const std::vector<AceRow>& rows, const std::string& cost_reference, std::uint64_t seed) {
  ResultsCsv csv(path, kAceColumns);
  for (const auto& r : rows)
    csv << task << "," << method << "," << r.sims << "," << r.observation << "," << r.spec << "," << r.beta << ","
        << r.predictive << "," << r.pearson << "," << r.relative_rmse << "," << cost_reference << "," << r.seconds_simulating << ","
        << r.seconds_training << "," << r.seconds_sampling << "," << seed << "\n";
  csv.commit();
}

void write_markdown(const std::string& path, const std::string& task, const std::string& method,
                    const std::vector<AceRow>& rows) {
  std::map<std::tuple<Index, std::string, double>, std::vector<const AceRow*>> groups;
  for (const auto& r : rows) groups[{r.sims, r.spec, r.beta}].push_back(&r);
  OutputText md(path);
  md << "| task | sims | observation | beta | observations | predictive distance (mean) | published (ACE) | "
        "cost Pearson r (mean) | cost relative RMSE (mean) |\n|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& [key, list] : groups) {
    const auto& [sims, spec, beta] = key;
    double p = 0, r = 0, e = 0;
    for (const auto* row : list) {
      p += row->predictive;
      r += row->pearson;
      e += row->relative_rmse;
    }
    const double n = double(list.size());
    const double published = spec == "well_specified" ? published_distance(task, beta) : NAN;
    md << "| " << task << (method == "ace" ? "" : " (" + method + ")")
       << " | " << sims << " | " << spec << " | " << beta << " | " << list.size() << " | " << p / n
       << " | " << (std::isnan(published) ? std::string("–") : format_number(published)) << " | " << r / n
       << " | " << e / n << " |\n";
  }
  md.commit();
}

void check_settings(const BenchmarkSettings& settings, const sim::Task& task, const std::vector<double>& betas) {
  if (settings.ace_members < 1) throw SettingsError("--ace-members must be at least 1");
  if (settings.ace_hidden < 1 || settings.ace_blocks < 1)
    throw SettingsError("--ace-hidden and --ace-blocks must be at least 1");
  if (settings.ace_per_term && !inference::task_distance_has_terms(task))
    throw SettingsError("--ace-per-term needs a distance that is a mean of per-value terms (mse, mae_zscored); " +
                        task.name + "'s is '" + task.distance_name + "'");
  if (settings.cost_thetas < 2) throw SettingsError("--cost-thetas must be at least 2");
  if (settings.cost_sims < 1) throw SettingsError("--cost-sims must be at least 1");
  for (double b : betas)
    if (!(b > 0)) throw SettingsError("--betas must be positive, got " + format_number(b));
  if (settings.out.empty()) throw SettingsError("missing --out");
  check_results_csv(settings.out, kAceColumns);
}

// True costs at the check θ's (independent of the budget and of the distance's scales, which
// for the ACE tasks' own distances need no training simulations): the closed form, or the
// Monte-Carlo mean. Returns whether the closed form was used.
bool set_true_costs(const BenchmarkSettings& s, const sim::Task& task, const MatrixD& theta_check,
                    std::vector<AceObservation>& obs, const Log& log) {
  const bool exact = task.has_exact_cost() && !s.cost_monte_carlo;
  if (exact) {
    for (auto& o : obs) o.true_cost = task.evaluate_exact_cost(theta_check, o.x);
    return true;
  }
  Stage stage(log, "Monte-Carlo cost: " + std::to_string(s.cost_sims) + " simulations at each of " +
                       std::to_string(s.cost_thetas) + " parameters");
  MatrixD repeated(s.cost_thetas * s.cost_sims, task.theta_dim());
  for (Index i = 0; i < s.cost_thetas; ++i)
    repeated.middleRows(i * s.cost_sims, s.cost_sims) = theta_check.row(i).replicate(s.cost_sims, 1);
  const MatrixD x_mc = simulate_with_progress(task, repeated, derive_seed(s.seed, streams::kCostSimulations), log);
  const inference::PairDistance check_distance = inference::pair_distance_for_task(task);
  for (auto& o : obs) o.true_cost = monte_carlo_cost(check_distance, x_mc, s.cost_sims, o.x);
  return false;
}

inference::AceEnsemble train_ensemble(const BenchmarkSettings& s, const sim::Task& task, const SimulationSet& set,
                                      const MatrixD& known, const nn::TrainSettings& reference_training,
                                      const Log& log) {
  inference::AceSettings options;
  options.seed = derive_seed(s.seed, streams::kMethodInit);
  options.per_term = s.ace_per_term;
  options.hidden = s.ace_hidden;
  options.blocks = s.ace_blocks;
  options.loss = s.ace_loss;
  const Index dropped = count_nonfinite_rows(set.x);  // ACE drops these
  if (dropped > 0) log.info("  dropped " + std::to_string(dropped) + " non-finite simulations");
  nn::TrainSettings train = reference_training;
  train.seed = derive_seed(s.seed, streams::kTraining);
  train.progress = log.draws_progress();
  const std::string what =
      s.ace_members > 1 ? std::to_string(s.ace_members) + " ACE cost networks" : "the ACE cost network";
  Stage stage(log, "training " + what + " on " + std::to_string(set.x.rows()) + " " + task.name + " simulations");
  return inference::AceEnsemble::train(task.prior, inference::pair_distance_for_task(task, "task", set.x), options,
                                       s.ace_members, set.theta, set.x, known, train);
}

// The GBI posterior of one observation at one β: its draws' predictive distance.
void sample_and_score(const BenchmarkSettings& s, const sim::Task& task, const inference::AceEnsemble& ace,
                      const AceObservation& o, AceRow& row, const Log& log) {
  const auto uk = static_cast<std::uint64_t>(o.number);
  const auto t_sample = std::chrono::steady_clock::now();
  const MatrixD draws = ace.posterior(o.x, row.beta)->sample(s.num_samples, derive_seed(s.seed, streams::kAceDraws.id(uk)));
  row.seconds_sampling = seconds_since(t_sample);
  const diagnostics::ObservationDistance d = [&ace](const MatrixD& x, const RowVectorD& x_o) {
    return ace.member(0).distance().to_observation(x, x_o);
  };
  row.predictive = diagnostics::posterior_predictive(*task.simulator,
                                                     draws.topRows(std::min(s.predictive_sims, draws.rows())), o.x,
                                                     derive_seed(s.seed, streams::kAcePredictive.id(uk)), d)
                       .mean_distance;
  log.info("  predictive distance " + std::to_string(row.predictive) + ", cost r " + std::to_string(row.pearson) +
           ", cost relative RMSE " + std::to_string(row.relative_rmse));
}

// The rows of one budget: the cost network trained once, every observation and β scored.
void budget_rows(const BenchmarkSettings& s, const sim::Task& task, Index sims, const std::vector<AceObservation>& obs,
                 const MatrixD& theta_check, const std::vector<double>& betas,
                 const nn::TrainSettings& reference_training, std::vector<AceRow>& rows, const Log& log) {
  const SimulationSet set = simulate_from_prior(task, sims, s.seed, log);
  MatrixD known(static_cast<Index>(obs.size()), task.x_dim());
  for (std::size_t i = 0; i < obs.size(); ++i) known.row(static_cast<Index>(i)) = obs[i].x;
  const auto t_train = std::chrono::steady_clock::now();
  const inference::AceEnsemble ace = train_ensemble(s, task, set, known, reference_training, log);
  const double seconds_training = seconds_since(t_train);
  for (const auto& o : obs) {
    const VectorD learned = ace.cost(theta_check, o.x);
    const double rmse = std::sqrt((learned - o.true_cost).array().square().mean());
    for (double beta : betas) {
      Stage stage(log, "observation " + std::to_string(o.number) + " (" + o.spec + "), beta " + format_number(beta));
      AceRow row;
      row.sims = sims;
      row.observation = o.number;
      row.spec = o.spec;
      row.beta = beta;
      row.pearson = pearson(learned, o.true_cost);
      row.relative_rmse = rmse / o.true_cost.mean();
      row.seconds_simulating = set.seconds;
      row.seconds_training = seconds_training;
      sample_and_score(s, task, ace, o, row, log);
      rows.push_back(row);
    }
  }
}

}  // namespace

void benchmark_ace(const BenchmarkSettings& settings, const sim::Task& task, const Log& log) {
  const std::vector<double> betas = settings.betas.empty() ? reference_betas(task.name) : settings.betas;
  check_settings(settings, task, betas);
  // The reference training, with --patience, --batch-size and --lr where given (checked before
  // any simulation).
  nn::TrainSettings reference_training = inference::ace_reference_training();
  reference_training.max_epochs = std::min(settings.max_epochs, 1 << 30);
  settings.training.apply_to(reference_training);

  std::vector<AceObservation> obs =
      make_observations(task, settings.observations, settings.seed, settings.range_sims, log);
  const MatrixD theta_check = task.sample_prior(settings.cost_thetas, derive_seed(settings.seed, streams::kCostThetas));
  const bool exact = set_true_costs(settings, task, theta_check, obs, log);
  std::vector<AceRow> rows;
  for (const Index sims : settings.budgets)
    budget_rows(settings, task, sims, obs, theta_check, betas, reference_training, rows, log);
  const std::string method = (settings.ace_members > 1 ? "ace-ensemble" + std::to_string(settings.ace_members)
                                                       : std::string("ace")) +
                             (settings.ace_per_term ? "-per-term" : "") +
                             (settings.ace_loss == inference::AceLoss::Poisson ? "-poisson" : "");
  write_rows(settings.out, task.name, method, rows, exact ? "exact" : "monte_carlo", settings.seed);
  if (!settings.markdown.empty()) write_markdown(settings.markdown, task.name, method, rows);
  log.info("wrote " + settings.out);
}

}  // namespace sbi::pipelines
