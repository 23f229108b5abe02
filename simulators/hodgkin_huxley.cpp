// HodgkinHuxleySimulator: the Simulator interface over the reference and the batch path.
#include "simulators/hodgkin_huxley.hpp"

#include <algorithm>

#include "simulators/allen_recording.hpp"
#include "simulators/hodgkin_huxley_batch.hpp"
#include "simulators/hodgkin_huxley_reference.hpp"
#include "simulators/hodgkin_huxley_stats.hpp"

namespace sbi::sim {

std::array<double, 7> hh_recording_stats(const AllenRecording& recording) {
  const std::vector<double> v = recording.corrected_voltage();
  return hh_summary_stats(v, HHProtocol::from_recording(recording).windows());
}

HodgkinHuxleySimulator::HodgkinHuxleySimulator(HHProtocol protocol)
    : protocol_(std::move(protocol)) {
  protocol_.validate();
}

void HodgkinHuxleySimulator::simulate_one(const double* theta, double* x, Rng& rng) const {
  const auto stats = hh_simulate_stats_reference(theta, protocol_, rng);
  std::copy(stats.begin(), stats.end(), x);
}

MatrixD HodgkinHuxleySimulator::simulate(const MatrixD& theta, std::uint64_t seed,
                                         std::uint64_t stream_offset) const {
  return hh_simulate_batch(theta, protocol_, seed, stream_offset);
}

MatrixD HodgkinHuxleySimulator::traces(const MatrixD& theta, std::uint64_t seed,
                                       std::uint64_t stream_offset) const {
  return hh_simulate_traces(theta, protocol_, seed, stream_offset);
}

std::vector<std::string> HodgkinHuxleySimulator::parameter_names() {
  return {"g_Na", "g_K", "g_leak", "g_M", "tau_max", "-V_T", "sigma_noise", "-E_leak"};
}

std::vector<std::string> HodgkinHuxleySimulator::statistic_names() {
  return {"spike_count", "rest_mean", "rest_sd", "stim_mean", "stim_var", "stim_skew",
          "stim_kurtosis"};
}

std::vector<double> HodgkinHuxleySimulator::reference_theta() {
  return {50.0, 5.0, 0.1, 0.07, 600.0, 60.0, 0.1, 70.0};
}

std::vector<double> HodgkinHuxleySimulator::prior_lower() {
  return {0.5, 1e-4, 1e-4, 1e-4, 50.0, 40.0, 1e-4, 35.0};
}

std::vector<double> HodgkinHuxleySimulator::prior_upper() {
  return {80.0, 15.0, 0.6, 0.6, 3000.0, 90.0, 0.15, 100.0};
}

}  // namespace sbi::sim
