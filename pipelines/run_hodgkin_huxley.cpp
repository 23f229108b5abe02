// The Hodgkin–Huxley recording job (see run_hodgkin_huxley.hpp).
#include "pipelines/run_hodgkin_huxley.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>

#include "plots/figures.hpp"
#include "plots/figures_hh.hpp"
#include "pipelines/hh_recordings.hpp"
#include "pipelines/simulation_files.hpp"
#include "pipelines/train_ace.hpp"
#include "pipelines/results_files.hpp"
#include "pipelines/train_method.hpp"
#include "core/binary_io.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "inference/ace.hpp"
#include "inference/npe.hpp"
#include "inference/task_distance.hpp"
#include "mcmc/diagnostics.hpp"
#include "simulators/distances.hpp"
#include "simulators/hodgkin_huxley.hpp"
#include "simulators/tasks.hpp"

namespace sbi::pipelines {

namespace {

using Clock = std::chrono::steady_clock;

// One posterior's predictive check.
struct Predictive {
  MatrixD theta;  // the draws simulated
  MatrixD x;      // their statistics (may hold non-finite rows)
  double mae = NAN;
  double mae_se = NAN;  // Monte-Carlo standard error of `mae` (sd of the per-simulation MAE / √n)
  Index finite = 0;
};

void set_mae(Predictive& p, const VectorD& d) {
  p.mae = d.mean();
  p.mae_se = d.size() > 1 ? std::sqrt((d.array() - p.mae).square().sum() / double(d.size() - 1) / double(d.size()))
                          : NAN;
}

Predictive predictive_check(const sim::Task& task, const MatrixD& samples, Index m, const RowVectorD& x_o,
                            const RowVectorD& sd, std::uint64_t seed) {
  Predictive p;
  p.theta = samples.topRows(std::min(m, samples.rows()));
  p.x = task.simulate(p.theta, seed);
  const MatrixD kept = finite_rows(p.x);
  p.finite = kept.rows();
  if (kept.rows() > 0) set_mae(p, sim::mae_zscored_distance(kept, x_o, sd));
  return p;
}

std::vector<double> to_vector(const RowVectorD& v) { return std::vector<double>(v.data(), v.data() + v.size()); }

struct MethodResult {
  std::string method;  // "ace", "npe", "prior"
  double beta = 0;     // ACE only
  std::string label;
  Predictive predictive;
  nlohmann::json json;
};

}  // namespace

nlohmann::json run_hodgkin_huxley_job(const HHJobSettings& hs, const Log& log) {
  const JobSettings& s = hs.job;
  const HHRecordingSet recs = load_hh_recordings(hs.recording);
  const Index R = recs.x_o.rows();
  log.info("  " + std::to_string(R) + " recording(s); protocol: " + recs.protocol_note);
  const sim::Task task = sim::make_hodgkin_huxley_task(recs.protocol);
  const auto& simulator = static_cast<const sim::HodgkinHuxleySimulator&>(*task.simulator);

  nlohmann::json summary;
  nlohmann::json rec_json = nlohmann::json::array();
  for (Index r = 0; r < R; ++r)
    rec_json.push_back({{"name", recs.names[r]},
                        {"file", recs.recordings[r].path},
                        {"stimulus_amplitude_uA_per_cm2", recs.amplitudes[r]},
                        {"x_o", to_vector(recs.x_o.row(r))}});
  summary["recordings"] = rec_json;
  summary["protocol"] = {{"kind", recs.protocol_kind},
                         {"note", recs.protocol_note},
                         {"dt_ms", recs.protocol.dt_ms},
                         {"samples", recs.protocol.size()},
                         {"t_on_ms", recs.protocol.t_on_ms},
                         {"t_off_ms", recs.protocol.t_off_ms},
                         {"v0_mV", recs.protocol.v0_mV}};
  write_csv(s.out + "/observations.csv", recs.x_o, task.data_names);

  // 1. One simulation set from the prior (or read back from an earlier run); the z-scoring
  // scales come from its finite rows. Saved before any training, so a failure later loses none.
  // A saved set is only valid under the same stimulus: what fixes the simulations (time step,
  // length, V0, the statistics' stimulus window and a CRC-32 of the current trace) is stored
  // with it and compared on reading; the protocol's descriptive note is not.
  const auto& p = recs.protocol;
  const nlohmann::json sim_context = {
      {"dt_ms", p.dt_ms}, {"samples", p.size()}, {"v0_mV", p.v0_mV},
      {"t_on_ms", p.t_on_ms}, {"t_off_ms", p.t_off_ms},
      {"current_crc32", crc32(p.current.data(), p.current.size() * sizeof(double))}};
  const SimulationSet sims = hs.simulations_from.empty()
                                 ? simulate_from_prior(task, s.sims, s.seed, log)
                                 : load_simulations(hs.simulations_from, task, s.sims, sim_context);
  if (!hs.simulations_from.empty()) {
    log.info("  read " + std::to_string(s.sims) + " simulations from " + hs.simulations_from +
             (sims.seconds_saved > 0
                  ? " (simulating them took " + std::to_string(std::lround(sims.seconds_saved)) + " s)"
                  : ""));
    summary["seconds_simulating_saved_set"] = sims.seconds_saved;
  }
  if (hs.save_simulations) save_simulations(s.out, task, sims, sim_context);
  const MatrixD x_finite = finite_rows(sims.x);
  if (x_finite.rows() < 2)
    throw ValueError("hodgkin_huxley: only " + std::to_string(x_finite.rows()) + " of " +
                     std::to_string(s.sims) + " simulations are finite");
  const inference::PairDistance distance = inference::pair_distance_for_task(task, "mae_zscored", x_finite);
  const RowVectorD mean = x_finite.colwise().mean();
  const RowVectorD sd =
      ((x_finite.rowwise() - mean).array().square().colwise().sum() / double(x_finite.rows() - 1)).sqrt();
  summary["seconds_simulating"] = sims.seconds;
  summary["simulations_finite"] = x_finite.rows();
  summary["zscore_sd"] = to_vector(sd);

  // 2. ACE, amortized over all recordings (their statistics are known observations).
  // (Or the networks an earlier run trained on the same simulations, read back.)
  const TrainedAce trained =
      hs.ace_models_from.empty()
          ? train_ace_for_job(s, task.prior, distance, sims.theta, sims.x, recs.x_o,
                              "amortized over " + std::to_string(R) + " recording(s)", log)
          : load_ace_for_job(s, hs.ace_models_from, task.name, task.prior, distance, log);
  const inference::AceEnsemble& ace = trained.ensemble;
  summary["seconds_training_ace"] = trained.seconds;
  summary["ace_training"] = ace_training_json(trained);
  if (!trained.results.empty()) {
    std::vector<double> tr, va;
    for (const auto& e : trained.results.front().epochs) tr.push_back(e.train_loss), va.push_back(e.validation_loss);
    plots::training_curves(tr, va, "ACE cost network (hodgkin_huxley)", s.out + "/training_curves_ace.svg");
  }
  summary["ace_model_files"] = save_ace_members(ace, s.out, task.name);
  Clock::time_point t0;

  // 3. NPE on the same simulations.
  std::unique_ptr<inference::Npe> npe;
  if (hs.run_npe) {
    inference::NpeOptions npe_options;
    npe_options.estimator = s.estimator;
    npe_options.theta_space = s.theta_space;
    npe_options.seed = derive_seed(s.seed, 7);
    npe = std::make_unique<inference::Npe>(task.prior, npe_options);
    npe->append_simulations(sims.theta, sims.x);
    nn::TrainOptions npe_train;  // sbi's defaults
    npe_train.max_epochs = hs.npe_max_epochs;
    npe_train.batch_size = hs.npe_batch_size;
    npe_train.seed = derive_seed(s.seed, 8);
    npe_train.progress = !log.quiet();
    t0 = Clock::now();
    Stage stage(log, "training NPE (" + s.estimator + ") on the same simulations");
    const auto fit = npe->train(npe_train);
    summary["seconds_training_npe"] = seconds_since(t0);
    summary["npe_training"] = {{"epochs", fit.train.epochs.size()},
                               {"best_epoch", fit.train.best_epoch + 1},
                               {"best_validation_loss", fit.train.best_validation_loss}};
    // NPE is amortized too: npe.sbi gives any recording's posterior through `sbi sample`.
    npe->save(s.out + "/npe.sbi", task.name);
    summary["npe_model_file"] = "npe.sbi";
  }

  // 4. Per recording: posteriors, predictive checks, figures, metrics.
  OutputText csv(s.out + "/metrics.csv");
  csv << "recording,method,beta,sims,predictive_mae_z,predictive_finite,predictive_total,ace_predicted_cost\n";
  double seconds_ace_sampling = 0, seconds_npe_sampling = 0, seconds_predictive = 0;
  nlohmann::json per_recording = nlohmann::json::array();
  for (Index r = 0; r < R; ++r) {
    const RowVectorD x_o = recs.x_o.row(r);
    const std::string& name = recs.names[r];
    const std::uint64_t rseed = derive_seed(s.seed, 1000 + static_cast<std::uint64_t>(r));
    std::vector<MethodResult> results;
    {  // the baseline: the prior-predictive distribution (the training simulations)
      MethodResult prior{"prior", 0, "prior", {}, {}};
      prior.predictive.x = sims.x.topRows(std::min(s.predictive_sims, sims.x.rows()));
      prior.predictive.finite = x_finite.rows();
      set_mae(prior.predictive, sim::mae_zscored_distance(x_finite, x_o, sd));
      results.push_back(std::move(prior));
    }
    for (const double beta : s.betas) {
      Stage stage(log, name + ": ACE posterior at beta " + format_number(beta));
      t0 = Clock::now();
      auto posterior = ace.posterior(x_o, beta, s.mcmc);
      const MatrixD samples = posterior->sample(s.num_samples, beta_seed(derive_seed(rseed, 10), beta));
      const mcmc::Diagnostics diag = mcmc::diagnose(posterior->last_run());
      seconds_ace_sampling += seconds_since(t0);
      const std::string tag = name + "_ace_beta" + format_number(beta);
      write_csv(s.out + "/samples_" + tag + ".csv", samples, task.parameter_names);
      t0 = Clock::now();
      MethodResult m{"ace", beta, "ACE beta " + format_number(beta),
                     predictive_check(task, samples, s.predictive_sims, x_o, sd,
                                      beta_seed(derive_seed(rseed, 20), beta)),
                     {}};
      seconds_predictive += seconds_since(t0);
      m.json = {{"samples_file", "samples_" + tag + ".csv"},
                {"mcmc_chains", posterior->last_run().num_chains},
                {"mcmc_max_rhat", diag.max_rhat},
                {"mcmc_min_ess_bulk", diag.min_ess_bulk},
                {"posterior_mean", to_vector(samples.colwise().mean())}};
      log.info("  predictive MAE (z-scored) " + std::to_string(m.predictive.mae) + ", R-hat " +
               std::to_string(diag.max_rhat));
      results.push_back(std::move(m));
    }
    if (npe) {
      Stage stage(log, name + ": NPE posterior");
      t0 = Clock::now();
      MethodResult m{"npe", 0, "NPE", {}, {}};
      try {
        auto posterior = npe->posterior(x_o);
        const MatrixD samples = posterior->sample(s.num_samples, derive_seed(rseed, 30));
        seconds_npe_sampling += seconds_since(t0);
        write_csv(s.out + "/samples_" + name + "_npe.csv", samples, task.parameter_names);
        t0 = Clock::now();
        m.predictive = predictive_check(task, samples, s.predictive_sims, x_o, sd, derive_seed(rseed, 31));
        seconds_predictive += seconds_since(t0);
        m.json = {{"samples_file", "samples_" + name + "_npe.csv"},
                  {"acceptance_rate", posterior->acceptance_rate()},
                  {"posterior_mean", to_vector(samples.colwise().mean())}};
        log.info("  predictive MAE (z-scored) " + std::to_string(m.predictive.mae));
      } catch (const Error& e) {  // e.g. all NPE mass outside the prior: record and go on
        log.info("  NPE failed: " + std::string(e.what()));
        m.json = {{"error", e.what()}};
      }
      results.push_back(std::move(m));
    }

    nlohmann::json methods = nlohmann::json::array();
    std::vector<plots::HHStatSet> stat_sets;
    for (const auto& m : results) {
      nlohmann::json j = m.json;
      j["method"] = m.method;
      if (m.method == "ace") j["beta"] = m.beta;
      j["predictive_mae_z"] = m.predictive.mae;
      j["predictive_mae_z_se"] = m.predictive.mae_se;
      j["predictive_finite"] = m.predictive.finite;
      // The ACE network's own estimate ĉ(θ, x_o) = E[d(x, x_o) | θ] (an ensemble's member mean),
      // averaged over the same draws whose simulations gave predictive_mae_z: where the two
      // disagree, the network is wrong. For an ensemble, also the members' sd there.
      double c_hat = NAN;
      if (m.predictive.theta.rows() > 0) {
        VectorD mean, sd;
        ace.mean_and_sd(m.predictive.theta, x_o, mean, sd);
        c_hat = mean.mean();
        j["ace_predicted_cost"] = c_hat;
        if (ace.size() > 1) j["ace_member_sd"] = sd.mean();
      }
      methods.push_back(j);
      csv << name << "," << m.method << "," << (m.method == "ace" ? format_number(m.beta) : "") << "," << s.sims
          << "," << m.predictive.mae << "," << m.predictive.finite << ","
          << (m.method == "prior" ? x_finite.rows() : m.predictive.x.rows()) << ","
          << (std::isnan(c_hat) ? "" : std::to_string(c_hat)) << "\n";
      if (m.predictive.x.rows() > 0) stat_sets.push_back({m.label, m.predictive.x});
    }
    per_recording.push_back({{"recording", name}, {"methods", methods}});
    plots::hh_statistics_figure(x_o, task.data_names, stat_sets,
                         name + ": recorded vs posterior-predictive statistics (mean +- sd)",
                         s.out + "/statistics_" + name + ".svg");
    // Traces: the first few predictive draws of the largest-β ACE posterior and of NPE.
    std::vector<plots::HHTraceSet> trace_sets;
    for (auto it = results.rbegin(); it != results.rend(); ++it) {
      if (it->method == "prior" || it->predictive.theta.rows() == 0) continue;
      if (it->method == "ace" && !trace_sets.empty() && trace_sets.back().label.rfind("ACE", 0) == 0) continue;
      const Index k = std::min(hs.traces_per_method, it->predictive.theta.rows());
      const std::uint64_t seed =
          it->method == "npe" ? derive_seed(rseed, 31) : beta_seed(derive_seed(rseed, 20), it->beta);
      trace_sets.push_back({it->label, simulator.traces(it->predictive.theta.topRows(k), seed)});
    }
    std::reverse(trace_sets.begin(), trace_sets.end());
    plots::hh_trace_figure(recs.recordings[r].corrected_voltage(), recs.recordings[r].dt_ms, trace_sets,
                    name + ": recorded and posterior-predictive voltage", s.out + "/traces_" + name + ".svg");
  }
  csv.commit();
  summary["per_recording"] = per_recording;
  summary["seconds_sampling_ace"] = seconds_ace_sampling;
  summary["seconds_sampling_npe"] = seconds_npe_sampling;
  summary["seconds_predictive"] = seconds_predictive;

  // Means over recordings, per method (the efficiency study's figure of merit).
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
  summary["mean_predictive_mae_z"] = mean_mae;
  return summary;
}

}  // namespace sbi::pipelines
