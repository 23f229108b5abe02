// Hodgkin–Huxley with the raw voltage trace as x, for learned summary statistics (embedding
// nets): θ (8) ↦ the trace of HodgkinHuxleySimulator on the same protocol, downsampled by block
// means: x_k = mean of V over samples [k·B, (k+1)·B), k < ⌊T/B⌋ (B = `block` samples; a
// remainder at the end is dropped). Block means, not every B-th sample, so that spikes (≈1 ms)
// leave their mark on the value of their block rather than being missed between samples.
// Row i uses Rng(seed, offset + i) exactly as the statistics simulator does, so the trace task
// and the statistics task see the same voltage for the same (θ, seed, row).
// Task hodgkin_huxley_trace: the step protocol at dt = 0.2 ms (as hodgkin_huxley_lf_coarse,
// 7,250 samples), blocks of 145 samples (29 ms) → 50 values.
#pragma once
#include "simulators/hodgkin_huxley.hpp"
#include "simulators/task.hpp"

namespace sbi::sim {

class HodgkinHuxleyTraceSimulator : public Simulator {
 public:
  HodgkinHuxleyTraceSimulator(HHProtocol protocol, Index block);

  Index theta_dim() const override { return 8; }
  Index x_dim() const override { return points_; }
  void simulate_one(const double* theta, double* x, Rng& rng) const override;
  // In chunks of rows, so the full traces of a chunk only are held at a time.
  MatrixD simulate(const MatrixD& theta, std::uint64_t seed, std::uint64_t stream_offset = 0) const override;

 private:
  HodgkinHuxleySimulator hh_;
  Index block_, points_;
};

inline constexpr Index kHodgkinHuxleyTraceBlock = 145;
Task make_hodgkin_huxley_trace_task();

}  // namespace sbi::sim
