// The steps of the Hodgkin–Huxley recording fit (see hh_fit_steps.hpp).
#include "pipelines/hh_fit_steps.hpp"
#include "pipelines/rng_streams.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/rng.hpp"
#include "mcmc/diagnostics.hpp"
#include "plots/figures_hh.hpp"
#include "simulators/distances.hpp"
#include "simulators/hodgkin_huxley.hpp"

namespace sbi::pipelines {

namespace {

using Clock = std::chrono::steady_clock;

void set_mae(Predictive& p, const VectorD& d) {
  p.mae = d.mean();
  p.mae_se = d.size() > 1 ? std::sqrt((d.array() - p.mae).square().sum() / double(d.size() - 1) / double(d.size()))
                          : NAN;
}

Predictive predictive_check(const HHFit& fit, const MatrixD& samples, const RowVectorD& x_o, std::uint64_t seed) {
  Predictive p;
  p.theta = samples.topRows(std::min(fit.settings.job.predictive_sims, samples.rows()));
  p.x = fit.task.simulate(p.theta, seed);
  const MatrixD kept = finite_rows(p.x);
  p.finite = kept.rows();
  if (kept.rows() > 0) set_mae(p, sim::mae_zscored_distance(kept, x_o, fit.sd));
  return p;
}

// The baseline: the prior-predictive distribution (the training simulations).
MethodResult prior_result(const HHFit& fit, const RowVectorD& x_o) {
  MethodResult prior{"prior", 0, "prior", {}, {}};
  prior.predictive.x = fit.simulations_x.topRows(std::min(fit.settings.job.predictive_sims, fit.simulations_x.rows()));
  prior.predictive.finite = fit.x_finite.rows();
  set_mae(prior.predictive, sim::mae_zscored_distance(fit.x_finite, x_o, fit.sd));
  return prior;
}

MethodResult ace_result(HHFit& fit, const RowVectorD& x_o, const std::string& name, std::uint64_t rseed, double beta) {
  const JobSettings& s = fit.settings.job;
  Stage stage(fit.log, name + ": ACE posterior at beta " + format_number(beta));
  auto t0 = Clock::now();
  auto posterior = fit.ace->posterior(x_o, beta, s.mcmc);
  const MatrixD samples = posterior->sample(s.num_samples, beta_seed(derive_seed(rseed, streams::kRecordingAceDraws), beta));
  const mcmc::Diagnostics diag = mcmc::diagnose(posterior->last_run());
  fit.seconds_ace_sampling += seconds_since(t0);
  const std::string tag = name + "_ace_beta" + format_number(beta);
  write_csv(s.out + "/samples_" + tag + ".csv", samples, fit.task.parameter_names);
  t0 = Clock::now();
  MethodResult m{"ace", beta, "ACE beta " + format_number(beta),
                 predictive_check(fit, samples, x_o, beta_seed(derive_seed(rseed, streams::kRecordingAcePredictive), beta)), {}};
  fit.seconds_predictive += seconds_since(t0);
  m.json = {{"samples_file", "samples_" + tag + ".csv"},
            {"mcmc_chains", posterior->last_run().num_chains},
            {"mcmc_max_rhat", diag.max_rhat},
            {"mcmc_min_ess_bulk", diag.min_ess_bulk},
            {"posterior_mean", to_vector(samples.colwise().mean())}};
  fit.log.info("  predictive MAE (z-scored) " + std::to_string(m.predictive.mae) + ", R-hat " +
               std::to_string(diag.max_rhat));
  return m;
}

MethodResult npe_result(HHFit& fit, const RowVectorD& x_o, const std::string& name, std::uint64_t rseed) {
  const JobSettings& s = fit.settings.job;
  Stage stage(fit.log, name + ": NPE posterior");
  auto t0 = Clock::now();
  MethodResult m{"npe", 0, "NPE", {}, {}};
  try {
    auto posterior = fit.npe->posterior(x_o);
    const MatrixD samples = posterior->sample(s.num_samples, derive_seed(rseed, streams::kRecordingNpeDraws));
    fit.seconds_npe_sampling += seconds_since(t0);
    write_csv(s.out + "/samples_" + name + "_npe.csv", samples, fit.task.parameter_names);
    t0 = Clock::now();
    m.predictive = predictive_check(fit, samples, x_o, derive_seed(rseed, streams::kRecordingNpePredictive));
    fit.seconds_predictive += seconds_since(t0);
    m.json = {{"samples_file", "samples_" + name + "_npe.csv"},
              {"acceptance_rate", posterior->acceptance_rate()},
              {"posterior_mean", to_vector(samples.colwise().mean())}};
    fit.log.info("  predictive MAE (z-scored) " + std::to_string(m.predictive.mae));
  } catch (const Error& e) {  // e.g. all NPE mass outside the prior: record and go on
    fit.log.info("  NPE failed: " + std::string(e.what()));
    m.json = {{"error", e.what()}};
  }
  return m;
}

std::uint64_t recording_seed(const HHFit& fit, Index r) {
  return derive_seed(fit.settings.job.seed, streams::kRecording.id(static_cast<std::uint64_t>(r)));
}

// One method's summary.json entry and metrics.csv row. The ACE network's own estimate
// ĉ(θ, x_o) = E[d(x, x_o) | θ] (an ensemble's member mean), averaged over the same draws whose
// simulations gave predictive_mae_z: where the two disagree, the network is wrong. For an
// ensemble, also the members' sd there.
nlohmann::json method_entry(const HHFit& fit, const std::string& name, const RowVectorD& x_o,
                            const MethodResult& m, OutputText& csv) {
  nlohmann::json j = m.json;
  j["method"] = m.method;
  if (m.method == "ace") j["beta"] = m.beta;
  j["predictive_mae_z"] = m.predictive.mae;
  j["predictive_mae_z_se"] = m.predictive.mae_se;
  j["predictive_finite"] = m.predictive.finite;
  double c_hat = NAN;
  if (m.predictive.theta.rows() > 0) {
    VectorD mean, sd;
    fit.ace->mean_and_sd(m.predictive.theta, x_o, mean, sd);
    c_hat = mean.mean();
    j["ace_predicted_cost"] = c_hat;
    if (fit.ace->size() > 1) j["ace_member_sd"] = sd.mean();
  }
  csv << name << "," << m.method << "," << (m.method == "ace" ? format_number(m.beta) : "") << ","
      << fit.settings.job.sims << "," << m.predictive.mae << "," << m.predictive.finite << ","
      << (m.method == "prior" ? fit.x_finite.rows() : m.predictive.x.rows()) << ","
      << (std::isnan(c_hat) ? "" : std::to_string(c_hat)) << "\n";
  return j;
}

// Traces: the first few predictive draws of the largest-β ACE posterior and of NPE.
void trace_figure(const HHFit& fit, Index r, const std::vector<MethodResult>& results) {
  const auto& simulator = static_cast<const sim::HodgkinHuxleySimulator&>(*fit.task.simulator);
  const std::uint64_t rseed = recording_seed(fit, r);
  std::vector<plots::HHTraceSet> trace_sets;
  for (auto it = results.rbegin(); it != results.rend(); ++it) {
    if (it->method == "prior" || it->predictive.theta.rows() == 0) continue;
    if (it->method == "ace" && !trace_sets.empty() && trace_sets.back().label.rfind("ACE", 0) == 0) continue;
    const Index k = std::min(fit.settings.traces_per_method, it->predictive.theta.rows());
    const std::uint64_t seed =
        it->method == "npe" ? derive_seed(rseed, streams::kRecordingNpePredictive) : beta_seed(derive_seed(rseed, streams::kRecordingAcePredictive), it->beta);
    trace_sets.push_back({it->label, simulator.traces(it->predictive.theta.topRows(k), seed)});
  }
  std::reverse(trace_sets.begin(), trace_sets.end());
  const std::string& name = fit.recordings.names[r];
  plots::hh_trace_figure(fit.recordings.recordings[r].corrected_voltage(), fit.recordings.recordings[r].dt_ms,
                         trace_sets, name + ": recorded and posterior-predictive voltage",
                         fit.settings.job.out + "/traces_" + name + ".svg");
}

}  // namespace

std::vector<double> to_vector(const RowVectorD& v) { return std::vector<double>(v.data(), v.data() + v.size()); }

std::vector<MethodResult> fit_recording(HHFit& fit, Index r) {
  const RowVectorD x_o = fit.recordings.x_o.row(r);
  const std::string& name = fit.recordings.names[r];
  const std::uint64_t rseed = recording_seed(fit, r);
  std::vector<MethodResult> results;
  results.push_back(prior_result(fit, x_o));
  for (const double beta : fit.settings.job.betas) results.push_back(ace_result(fit, x_o, name, rseed, beta));
  if (fit.npe) results.push_back(npe_result(fit, x_o, name, rseed));
  return results;
}

nlohmann::json report_recording(const HHFit& fit, Index r, const std::vector<MethodResult>& results,
                                OutputText& csv) {
  const RowVectorD x_o = fit.recordings.x_o.row(r);
  const std::string& name = fit.recordings.names[r];
  nlohmann::json methods = nlohmann::json::array();
  std::vector<plots::HHStatSet> stat_sets;
  for (const auto& m : results) {
    methods.push_back(method_entry(fit, name, x_o, m, csv));
    if (m.predictive.x.rows() > 0) stat_sets.push_back({m.label, m.predictive.x});
  }
  plots::hh_statistics_figure(x_o, fit.task.data_names, stat_sets,
                              name + ": recorded vs posterior-predictive statistics (mean +- sd)",
                              fit.settings.job.out + "/statistics_" + name + ".svg");
  trace_figure(fit, r, results);
  return {{"recording", name}, {"methods", methods}};
}

nlohmann::json mean_predictive_mae(const nlohmann::json& per_recording, const Log& log) {
  nlohmann::json means = nlohmann::json::object();
  for (const auto& rec : per_recording)
    for (const auto& m : rec["methods"]) {
      const std::string key = m["method"].get<std::string>() +
                              (m.contains("beta") ? "_beta" + format_number(m["beta"].get<double>()) : "");
      const double v = m["predictive_mae_z"].is_number() ? m["predictive_mae_z"].get<double>() : NAN;
      if (!means.contains(key)) means[key] = {{"sum", 0.0}, {"count", 0}, {"failed", 0}};
      if (std::isfinite(v)) {
        means[key]["sum"] = means[key]["sum"].get<double>() + v;
        means[key]["count"] = means[key]["count"].get<int>() + 1;
      } else {
        means[key]["failed"] = means[key]["failed"].get<int>() + 1;
      }
    }
  nlohmann::json mean_mae = nlohmann::json::object();
  for (auto& [key, v] : means.items()) {
    const int count = v["count"].get<int>();
    mean_mae[key] = count > 0 ? nlohmann::json(v["sum"].get<double>() / count) : nlohmann::json(nullptr);
    if (v["failed"].get<int>() > 0) mean_mae[key + "_failed_recordings"] = v["failed"];
    log.info("mean predictive MAE (z-scored) over recordings, " + key + ": " +
             (count > 0 ? std::to_string(v["sum"].get<double>() / count) : std::string("n/a")));
  }
  return mean_mae;
}

}  // namespace sbi::pipelines
