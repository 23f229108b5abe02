// The Hodgkin–Huxley recording job (see run_hodgkin_huxley.hpp; its per-recording steps are in
// hh_fit_steps.hpp).
#include "pipelines/run_hodgkin_huxley.hpp"

#include <chrono>
#include <cmath>

#include "core/binary_io.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/rng.hpp"
#include "inference/npe.hpp"
#include "inference/task_distance.hpp"
#include "pipelines/hh_fit_steps.hpp"
#include "pipelines/hh_recordings.hpp"
#include "datasets/saved_simulations.hpp"
#include "pipelines/train_ace.hpp"
#include "pipelines/rng_streams.hpp"
#include "plots/figures.hpp"
#include "simulators/tasks.hpp"

namespace sbi::pipelines {

namespace {

nlohmann::json recordings_json(const HHRecordingSet& recs) {
  nlohmann::json rec_json = nlohmann::json::array();
  for (Index r = 0; r < recs.x_o.rows(); ++r)
    rec_json.push_back({{"name", recs.names[r]},
                        {"file", recs.recordings[r].path},
                        {"stimulus_amplitude_uA_per_cm2", recs.amplitudes[r]},
                        {"x_o", to_vector(recs.x_o.row(r))}});
  return rec_json;
}

nlohmann::json protocol_json(const HHRecordingSet& recs) {
  return {{"kind", recs.protocol_kind},        {"note", recs.protocol_note},
          {"dt_ms", recs.protocol.dt_ms},      {"samples", recs.protocol.size()},
          {"t_on_ms", recs.protocol.t_on_ms},  {"t_off_ms", recs.protocol.t_off_ms},
          {"v0_mV", recs.protocol.v0_mV}};
}

// 1. One simulation set from the prior (or read back from an earlier run). Saved before any
// training, so a failure later loses none. A saved set is only valid under the same stimulus:
// what fixes the simulations (time step, length, V0, the statistics' stimulus window and a
// CRC-32 of the current trace) is stored with it and compared on reading; the protocol's
// descriptive note is not.
SimulationSet simulation_set(const HHJobSettings& hs, const sim::Task& task, const sim::HHProtocol& p,
                             nlohmann::json& summary, const Log& log) {
  const JobSettings& s = hs.job;
  const nlohmann::json sim_context = {
      {"dt_ms", p.dt_ms}, {"samples", p.size()}, {"v0_mV", p.v0_mV},
      {"t_on_ms", p.t_on_ms}, {"t_off_ms", p.t_off_ms},
      {"current_crc32", crc32(p.current.data(), p.current.size() * sizeof(double))}};
  SimulationSet sims = hs.simulations_from.empty() ? simulate_from_prior(task, s.sims, s.seed, log)
                                                   : sim::load_simulations(hs.simulations_from, task, s.sims, sim_context);
  if (!hs.simulations_from.empty()) {
    log.info("  read " + std::to_string(s.sims) + " simulations from " + hs.simulations_from +
             (sims.seconds_saved > 0
                  ? " (simulating them took " + std::to_string(std::lround(sims.seconds_saved)) + " s)"
                  : ""));
    summary["seconds_simulating_saved_set"] = sims.seconds_saved;
  }
  if (hs.save_simulations) sim::save_simulations(s.out, task, sims, sim_context);
  summary["seconds_simulating"] = sims.seconds;
  return sims;
}

// The z-scoring scales s_d: the sd of each statistic over the finite simulations.
RowVectorD zscore_scales(const MatrixD& x_finite, Index sims) {
  if (x_finite.rows() < 2)
    throw ValueError("hodgkin_huxley: only " + std::to_string(x_finite.rows()) + " of " + std::to_string(sims) +
                     " simulations are finite");
  const RowVectorD mean = x_finite.colwise().mean();
  return ((x_finite.rowwise() - mean).array().square().colwise().sum() / double(x_finite.rows() - 1)).sqrt();
}

// 2. ACE, amortized over all recordings (their statistics are known observations), or the
// networks an earlier run trained on the same simulations, read back.
TrainedAce ace_step(const HHJobSettings& hs, const sim::Task& task, const SimulationSet& sims, const MatrixD& x_o,
                    const MatrixD& x_finite, nlohmann::json& summary, const Log& log) {
  const JobSettings& s = hs.job;
  const inference::PairDistance distance = inference::pair_distance_for_task(task, "mae_zscored", x_finite);
  TrainedAce trained =
      hs.ace_models_from.empty()
          ? train_ace_for_job(s, task.prior, distance, sims.theta, sims.x, x_o,
                              "amortized over " + std::to_string(x_o.rows()) + " recording(s)", log)
          : load_ace_for_job(s, hs.ace_models_from, task.name, task.prior, distance, log);
  summary["seconds_training_ace"] = trained.seconds;
  summary["ace_training"] = ace_training_json(trained);
  if (!trained.results.empty()) {
    std::vector<double> tr, va;
    for (const auto& e : trained.results.front().epochs) tr.push_back(e.train_loss), va.push_back(e.validation_loss);
    plots::training_curves(tr, va, "ACE cost network (hodgkin_huxley)", s.out + "/training_curves_ace.svg");
  }
  summary["ace_model_files"] = save_ace_members(trained.ensemble, s.out, task.name);
  return trained;
}

// 3. NPE on the same simulations (sbi's training defaults); npe.sbi gives any recording's
// posterior through `sbi sample`.
std::unique_ptr<inference::Npe> npe_step(const HHJobSettings& hs, const sim::Task& task, const SimulationSet& sims,
                                         nlohmann::json& summary, const Log& log) {
  const JobSettings& s = hs.job;
  inference::NpeSettings npe_options;
  npe_options.estimator = s.estimator;
  npe_options.theta_space = s.theta_space;
  npe_options.seed = derive_seed(s.seed, streams::kHhNpeInit);
  auto npe = std::make_unique<inference::Npe>(task.prior, npe_options);
  npe->append_simulations(sims.theta, sims.x);
  nn::TrainSettings npe_train;
  npe_train.max_epochs = hs.npe_max_epochs;
  npe_train.batch_size = hs.npe_batch_size;
  npe_train.seed = derive_seed(s.seed, streams::kHhNpeTraining);
  npe_train.progress = log.draws_progress();
  const auto t0 = std::chrono::steady_clock::now();
  Stage stage(log, "training NPE (" + s.estimator + ") on the same simulations");
  const auto fit = npe->train(npe_train);
  summary["seconds_training_npe"] = seconds_since(t0);
  summary["npe_training"] = {{"epochs", fit.train.epochs.size()},
                             {"best_epoch", fit.train.best_epoch + 1},
                             {"best_validation_loss", fit.train.best_validation_loss}};
  npe->save(s.out + "/npe.sbi", task.name);
  summary["npe_model_file"] = "npe.sbi";
  return npe;
}

// 4. Per recording: posteriors, predictive checks, figures, metrics; then the means over
// recordings per method (the efficiency study's figure of merit).
void fit_every_recording(HHFit& fit, nlohmann::json& summary) {
  OutputText csv(fit.settings.job.out + "/metrics.csv");
  csv << "recording,method,beta,sims,predictive_mae_z,predictive_finite,predictive_total,ace_predicted_cost\n";
  nlohmann::json per_recording = nlohmann::json::array();
  for (Index r = 0; r < fit.recordings.x_o.rows(); ++r)
    per_recording.push_back(report_recording(fit, r, fit_recording(fit, r), csv));
  csv.commit();
  summary["per_recording"] = per_recording;
  summary["seconds_sampling_ace"] = fit.seconds_ace_sampling;
  summary["seconds_sampling_npe"] = fit.seconds_npe_sampling;
  summary["seconds_predictive"] = fit.seconds_predictive;
  summary["mean_predictive_mae_z"] = mean_predictive_mae(per_recording, fit.log);
}

}  // namespace

nlohmann::json run_hodgkin_huxley_job(const HHJobSettings& hs, const Log& log) {
  const JobSettings& s = hs.job;
  const HHRecordingSet recs = load_hh_recordings(hs.recording);
  log.info("  " + std::to_string(recs.x_o.rows()) + " recording(s); protocol: " + recs.protocol_note);
  const sim::Task task = sim::make_hodgkin_huxley_task(recs.protocol);
  nlohmann::json summary;
  summary["recordings"] = recordings_json(recs);
  summary["protocol"] = protocol_json(recs);
  write_csv(s.out + "/observations.csv", recs.x_o, task.data_names);

  const SimulationSet sims = simulation_set(hs, task, recs.protocol, summary, log);
  HHFit fit{hs, task, recs, sims.x, finite_rows(sims.x), {}, nullptr, nullptr, log};
  fit.sd = zscore_scales(fit.x_finite, s.sims);
  summary["simulations_finite"] = fit.x_finite.rows();
  summary["zscore_sd"] = to_vector(fit.sd);
  const TrainedAce trained = ace_step(hs, task, sims, recs.x_o, fit.x_finite, summary, log);
  fit.ace = &trained.ensemble;
  const std::unique_ptr<inference::Npe> npe = hs.run_npe ? npe_step(hs, task, sims, summary, log) : nullptr;
  fit.npe = npe.get();
  fit_every_recording(fit, summary);
  return summary;
}

}  // namespace sbi::pipelines
