// The 7 Hodgkin–Huxley summary statistics of one simulation fed sample by sample, host and
// device (core/host_device.hpp): a GPU thread (cuda/kernels_hh.cu) streams its trace through
// it without storing it. Shifted power sums, as sim::HHStatAccumulator for one lane; equal to
// hh_summary_stats of the stored trace to rounding (tested on the CPU).
#pragma once
#include "core/host_device.hpp"

namespace sbi::sim::hh {

// Sample-index windows of the statistics and the peak rule's lookback (sim::HHStatWindows).
struct Windows {
  uint64_t rest_end, rest_sd_begin, stim_begin, stim_end, merge_gap;
  double peak_lookback = 1.0;
};

// The 7 statistics of simulators/hodgkin_huxley_stats.hpp from a trace fed sample by sample
// (shifted power sums, as sim::HHStatAccumulator for one lane).
struct StreamingStats {
  double rest_shift = 0, rest_s1 = 0, sd_shift = 0, sd_s1 = 0, sd_s2 = 0;
  double stim_shift = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0;
  double spikes = 0, last_peak = -1e300, v1 = 0, v2 = 0;

  SBI_HD void add(uint64_t k, double v, const Windows& w) {
    if (k == 0) rest_shift = v;
    if (k < w.rest_end) rest_s1 += v - rest_shift;
    if (k >= w.rest_sd_begin && k < w.rest_end) {
      if (k == w.rest_sd_begin) sd_shift = v;
      const double y = v - sd_shift;
      sd_s1 += y;
      sd_s2 += y * y;
    }
    if (k >= w.stim_begin && k < w.stim_end) {
      if (k == w.stim_begin) stim_shift = v;
      const double y = v - stim_shift, y2 = y * y;
      s1 += y;
      s2 += y2;
      s3 += y2 * y;
      s4 += y2 * y2;
    }
    if (k >= w.stim_begin + 2 && k < w.stim_end + 2) {
      const double peak_index = double(k - 2);
      const double before = w.peak_lookback >= 1.0 ? v2 : v1 - w.peak_lookback * (v1 - v2);
      const bool peak = before > -10.0 && v1 >= v2 && v < v1;  // sim::hh_is_peak
      if (peak && peak_index - last_peak >= double(w.merge_gap)) spikes += 1.0;
      if (peak) last_peak = peak_index;
    }
    v2 = v1;
    v1 = v;
  }

  SBI_HD void finish(double* out, const Windows& w) const {
    const double nan = NAN;
    const double n_rest = double(w.rest_end), n_sd = double(w.rest_end - w.rest_sd_begin);
    const double n_stim = double(w.stim_end - w.stim_begin);
    out[0] = spikes;
    out[1] = n_rest > 0 ? rest_shift + rest_s1 / n_rest : nan;
    if (n_sd > 0) {
      const double mu = sd_s1 / n_sd, var = sd_s2 / n_sd - mu * mu;
      out[2] = sqrt(var > 0.0 ? var : 0.0);
    } else {
      out[2] = nan;
    }
    if (n_stim > 0) {
      const double mu = s1 / n_stim, e2 = s2 / n_stim, e3 = s3 / n_stim, e4 = s4 / n_stim;
      const double m2 = e2 - mu * mu;
      const double m3 = e3 - 3.0 * mu * e2 + 2.0 * mu * mu * mu;
      const double m4 = e4 - 4.0 * mu * e3 + 6.0 * mu * mu * e2 - 3.0 * mu * mu * mu * mu;
      const double sd = sqrt(m2 > 0.0 ? m2 : 0.0);
      out[3] = stim_shift + mu;
      out[4] = m2;
      out[5] = m3 / (sd * sd * sd);
      out[6] = m4 / (m2 * m2);
    } else {
      out[3] = out[4] = out[5] = out[6] = nan;
    }
  }
};

}  // namespace sbi::sim::hh
