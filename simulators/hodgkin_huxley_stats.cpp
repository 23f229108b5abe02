// Plain (two-pass) summary statistics of a stored Hodgkin–Huxley trace; see the header.
#include "simulators/hodgkin_huxley_stats.hpp"

#include <cmath>
#include <string>

#include "core/errors.hpp"

namespace sbi::sim {
namespace {

double mean_of(std::span<const double> v, std::size_t begin, std::size_t end) {
  double sum = 0.0;
  for (std::size_t k = begin; k < end; ++k) sum += v[k];
  return sum / double(end - begin);
}

}  // namespace

std::array<double, 7> hh_summary_stats(std::span<const double> v, const HHStatWindows& w) {
  if (w.stim_end > v.size() || w.rest_end > v.size())
    throw ShapeError("hh_summary_stats: trace of " + std::to_string(v.size()) +
                     " samples is shorter than the statistics windows (stimulus ends at sample " +
                     std::to_string(w.stim_end) + ")");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::array<double, 7> s;

  // Spike count.
  double spikes = 0.0;
  bool have_peak = false;
  std::size_t last_peak = 0;
  for (std::size_t k = w.stim_begin; k < w.stim_end && k + 2 < v.size(); ++k) {
    const bool peak = hh_is_peak(v[k], v[k + 1], v[k + 2], w.peak_lookback);
    if (!peak) continue;
    if (!have_peak || k - last_peak >= w.merge_gap) spikes += 1.0;
    have_peak = true;
    last_peak = k;
  }
  s[0] = spikes;

  // Resting potential: mean over t < t_on, sd over [0.9·t_on, t_on).
  s[1] = w.rest_end > 0 ? mean_of(v, 0, w.rest_end) : nan;
  if (w.rest_end > w.rest_sd_begin) {
    const double mu = mean_of(v, w.rest_sd_begin, w.rest_end);
    double m2 = 0.0;
    for (std::size_t k = w.rest_sd_begin; k < w.rest_end; ++k) m2 += (v[k] - mu) * (v[k] - mu);
    s[2] = std::sqrt(m2 / double(w.rest_end - w.rest_sd_begin));
  } else {
    s[2] = nan;
  }

  // Moments during the stimulus.
  if (w.stim_end > w.stim_begin) {
    const double n = double(w.stim_end - w.stim_begin);
    const double mu = mean_of(v, w.stim_begin, w.stim_end);
    double m2 = 0.0, m3 = 0.0, m4 = 0.0;
    for (std::size_t k = w.stim_begin; k < w.stim_end; ++k) {
      const double d = v[k] - mu;
      m2 += d * d;
      m3 += d * d * d;
      m4 += d * d * d * d;
    }
    m2 /= n;
    m3 /= n;
    m4 /= n;
    const double sd = std::sqrt(m2);
    s[3] = mu;
    s[4] = m2;
    s[5] = m3 / (sd * sd * sd);
    s[6] = m4 / (m2 * m2);
  } else {
    s[3] = s[4] = s[5] = s[6] = nan;
  }
  return s;
}

}  // namespace sbi::sim
