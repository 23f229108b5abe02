// The Hodgkin–Huxley benchmark simulator (TASKS.md): θ (8) ↦ the 7 summary statistics of a
// voltage trace driven by a protocol (a recorded Allen input current or the synthetic step).
//
// simulate_one() runs the plain scalar reference (stored trace, two-pass statistics);
// simulate() runs the vectorised lockstep batch path, which gives the same traces bit for bit
// and the same statistics to rounding (~1e-12 relative). Row i always draws from
// Rng(seed, offset + i), so results do not depend on the thread count or the batch split.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "simulators/hodgkin_huxley_protocol.hpp"
#include "simulators/simulator.hpp"

namespace sbi::sim {

struct AllenRecording;

// The observed x_o of a recording: the 7 statistics of its junction-corrected voltage on the
// recording's own protocol windows.
std::array<double, 7> hh_recording_stats(const AllenRecording& recording);

class HodgkinHuxleySimulator : public Simulator {
 public:
  explicit HodgkinHuxleySimulator(HHProtocol protocol);

  Index theta_dim() const override { return 8; }
  Index x_dim() const override { return 7; }
  void simulate_one(const double* theta, double* x, Rng& rng) const override;
  MatrixD simulate(const MatrixD& theta, std::uint64_t seed,
                   std::uint64_t stream_offset = 0) const override;

  // Full voltage traces (rows × protocol().size()), e.g. for figures.
  MatrixD traces(const MatrixD& theta, std::uint64_t seed, std::uint64_t stream_offset = 0) const;

  const HHProtocol& protocol() const { return protocol_; }

  static std::vector<std::string> parameter_names();  // g_Na, g_K, ..., -E_leak
  static std::vector<std::string> statistic_names();  // spike_count, rest_mean, ...
  // Reference θ for synthetic data: (50, 5, 0.1, 0.07, 600, 60, 0.1, 70).
  static std::vector<double> reference_theta();
  // The uniform prior's bounds of TASKS.md.
  static std::vector<double> prior_lower();
  static std::vector<double> prior_upper();

 private:
  HHProtocol protocol_;
};

}  // namespace sbi::sim
