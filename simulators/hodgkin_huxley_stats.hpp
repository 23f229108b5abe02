// The 7 summary statistics of a Hodgkin–Huxley voltage trace (TASKS.md order):
//   0 spike count: peaks above -10 mV with t_on < t < t_off, peaks ≤ 0.5 ms apart merged
//   1 resting mean        mean of V over t < t_on
//   2 resting sd          population sd of V over t ∈ [0.9·t_on, t_on)
//   3 stimulus mean       mean of V over t_on < t < t_off
//   4 variance  m2,  5 skewness m3/m2^{3/2},  6 kurtosis m4/m2² (not excess), central
//     population moments over t_on < t < t_off.
// Peak rule (the one of the sbi Hodgkin–Huxley example, which these statistics come from): a
// peak is reported at sample k when V_k > -10 mV, V_{k+1} ≥ V_k and V_{k+2} < V_{k+1} (the sample
// before a local maximum), and counts when t_k is inside the stimulus; a peak counts as a new
// spike unless it lies ≤ 0.5 ms after the previous peak. Empty windows give NaN.
// On a grid coarser than 0.02 ms (the low-fidelity tasks) "V_k" means V 0.02 ms before the
// maximum, V_{k+1} − f·(V_{k+1} − V_k) with f = 0.02/dt (HHStatWindows::peak_lookback). Taken
// literally, the rule would miss spikes whose only sample above -10 mV is the maximum, and
// would count about half the spikes at dt = 0.2 ms. Unchanged at dt ≤ 0.02 ms.
//
// Two implementations: hh_summary_stats() on a stored trace (plain two-pass moments, the
// reference) and HHStatAccumulator, which consumes the trace sample by sample for W
// simulations in lockstep (shifted power sums; never stores the trace) for the batch path.
#pragma once
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>

#include "simulators/hodgkin_huxley_protocol.hpp"

namespace sbi::sim {

inline constexpr double kSpikeThresholdMv = -10.0;

// The peak rule above for samples V_k, V_{k+1}, V_{k+2}: is V_{k+1} a spike's maximum?
inline bool hh_is_peak(double v_before, double v_max, double v_after, double lookback) {
  const double v_ref_step_before = lookback >= 1.0 ? v_before : v_max - lookback * (v_max - v_before);
  return v_ref_step_before > kSpikeThresholdMv && v_max >= v_before && v_after < v_max;
}

std::array<double, 7> hh_summary_stats(std::span<const double> v, const HHStatWindows& w);

// Streaming statistics of W traces. Call add(k, v) for k = 0, 1, ..., n-1 in order, where v
// holds sample k of each of the W traces; then finish(stats, stride) writes lane l's 7 values to
// stats[l·stride ...].
template <int W>
class HHStatAccumulator {
 public:
  explicit HHStatAccumulator(const HHStatWindows& w) : w_(w) {
    for (int l = 0; l < W; ++l) {
      rest_shift_[l] = rest_s1_[l] = sd_shift_[l] = sd_s1_[l] = sd_s2_[l] = 0.0;
      stim_shift_[l] = s1_[l] = s2_[l] = s3_[l] = s4_[l] = 0.0;
      spikes_[l] = 0.0;
      last_peak_[l] = -1e300;
      v1_[l] = v2_[l] = 0.0;
    }
  }

  void add(std::size_t k, const double* v) {
    if (k == 0)
      for (int l = 0; l < W; ++l) rest_shift_[l] = v[l];
    if (k < w_.rest_end)
      for (int l = 0; l < W; ++l) rest_s1_[l] += v[l] - rest_shift_[l];
    if (k >= w_.rest_sd_begin && k < w_.rest_end) {
      if (k == w_.rest_sd_begin)
        for (int l = 0; l < W; ++l) sd_shift_[l] = v[l];
      for (int l = 0; l < W; ++l) {
        const double y = v[l] - sd_shift_[l];
        sd_s1_[l] += y;
        sd_s2_[l] += y * y;
      }
    }
    if (k >= w_.stim_begin && k < w_.stim_end) {
      if (k == w_.stim_begin)
        for (int l = 0; l < W; ++l) stim_shift_[l] = v[l];
      for (int l = 0; l < W; ++l) {
        const double y = v[l] - stim_shift_[l];
        const double y2 = y * y;
        s1_[l] += y;
        s2_[l] += y2;
        s3_[l] += y2 * y;
        s4_[l] += y2 * y2;
      }
    }
    // Peak candidate at sample k - 2 (needs samples k-2, k-1, k).
    if (k >= w_.stim_begin + 2 && k < w_.stim_end + 2) {
      const double peak_index = double(k - 2);
      const double gap = double(w_.merge_gap);
      for (int l = 0; l < W; ++l) {
        const bool peak = hh_is_peak(v2_[l], v1_[l], v[l], w_.peak_lookback);
        const bool is_new = peak && (peak_index - last_peak_[l] >= gap);
        spikes_[l] += is_new ? 1.0 : 0.0;
        last_peak_[l] = peak ? peak_index : last_peak_[l];
      }
    }
    for (int l = 0; l < W; ++l) {
      v2_[l] = v1_[l];
      v1_[l] = v[l];
    }
  }

  void finish(double* stats, std::size_t stride) const {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double n_rest = double(w_.rest_end);
    const double n_sd = double(w_.rest_end - w_.rest_sd_begin);
    const double n_stim = double(w_.stim_end - w_.stim_begin);
    for (int l = 0; l < W; ++l) {
      double* s = stats + std::size_t(l) * stride;
      s[0] = spikes_[l];
      s[1] = n_rest > 0 ? rest_shift_[l] + rest_s1_[l] / n_rest : nan;
      if (n_sd > 0) {
        const double mu = sd_s1_[l] / n_sd;
        const double var = sd_s2_[l] / n_sd - mu * mu;
        s[2] = std::sqrt(var > 0.0 ? var : 0.0);
      } else {
        s[2] = nan;
      }
      if (n_stim > 0) {
        const double mu = s1_[l] / n_stim, e2 = s2_[l] / n_stim, e3 = s3_[l] / n_stim,
                     e4 = s4_[l] / n_stim;
        const double m2 = e2 - mu * mu;
        const double m3 = e3 - 3.0 * mu * e2 + 2.0 * mu * mu * mu;
        const double m4 = e4 - 4.0 * mu * e3 + 6.0 * mu * mu * e2 - 3.0 * mu * mu * mu * mu;
        const double sd = std::sqrt(m2 > 0.0 ? m2 : 0.0);
        s[3] = stim_shift_[l] + mu;
        s[4] = m2;
        s[5] = m3 / (sd * sd * sd);
        s[6] = m4 / (m2 * m2);
      } else {
        s[3] = s[4] = s[5] = s[6] = nan;
      }
    }
  }

 private:
  HHStatWindows w_;
  alignas(64) double rest_shift_[W], rest_s1_[W];
  alignas(64) double sd_shift_[W], sd_s1_[W], sd_s2_[W];
  alignas(64) double stim_shift_[W], s1_[W], s2_[W], s3_[W], s4_[W];
  alignas(64) double spikes_[W], last_peak_[W];
  alignas(64) double v1_[W], v2_[W];  // samples k-1 and k-2
};

}  // namespace sbi::sim
