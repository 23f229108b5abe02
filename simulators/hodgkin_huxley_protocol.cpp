// Hodgkin–Huxley protocols: from a recording, the synthetic step, coarsening, stat windows.
#include "simulators/hodgkin_huxley_protocol.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "core/errors.hpp"
#include "simulators/allen_recording.hpp"

namespace sbi::sim {
namespace {

// Smallest k ≥ 0 with k·dt > x (x may be negative), or `limit` when that k would be ≥ limit:
// the quotient is compared before it is cast, so a huge x/dt (a tiny dt) never overflows size_t.
std::size_t first_index_above(double x, double dt, std::size_t limit) {
  if (x < 0.0) return 0;
  const double q = std::floor(x / dt);
  if (!(q < double(limit))) return limit;
  auto k = static_cast<std::size_t>(q);
  while (k > 0 && double(k) * dt > x) --k;
  while (k < limit && double(k) * dt <= x) ++k;
  return k;
}

}  // namespace

double default_step_amplitude() {
  const double radius_cm = 70e-4;
  return 5e-4 / (std::numbers::pi * radius_cm * radius_cm);
}

void HHProtocol::validate() const {
  if (!(dt_ms >= kMinRecordingDtMs && dt_ms <= kMaxRecordingDtMs))
    throw ValueError("HHProtocol: dt_ms=" + std::to_string(dt_ms) + " must lie in [" +
                     std::to_string(kMinRecordingDtMs) + ", " + std::to_string(kMaxRecordingDtMs) + "]");
  if (current.size() < 2)
    throw ValueError("HHProtocol: the current trace has " + std::to_string(current.size()) +
                     " samples, need at least 2");
  for (std::size_t k = 0; k < current.size(); ++k)
    if (!std::isfinite(current[k]))
      throw ValueError("HHProtocol: current sample " + std::to_string(k) + " is not finite");
  if (!std::isfinite(v0_mV)) throw ValueError("HHProtocol: V0 is not finite");
  if (!(t_on_ms < t_off_ms))
    throw ValueError("HHProtocol: t_on_ms=" + std::to_string(t_on_ms) +
                     " must be before t_off_ms=" + std::to_string(t_off_ms));
}

HHStatWindows HHProtocol::windows() const {
  const double eps = 1e-6 * dt_ms;
  const std::size_t n = current.size();
  HHStatWindows w;
  w.rest_end = first_index_above(t_on_ms - eps, dt_ms, n);
  w.rest_sd_begin = std::min(w.rest_end, first_index_above(0.9 * t_on_ms - eps, dt_ms, n));
  w.stim_begin = first_index_above(t_on_ms + eps, dt_ms, n);
  w.stim_end = std::max(w.stim_begin, first_index_above(t_off_ms - eps, dt_ms, n));
  w.merge_gap = first_index_above(0.5 + eps, dt_ms, n + 1);
  const double lookback = kHHReferenceDtMs / dt_ms;  // exactly 1 at the reference step
  w.peak_lookback = lookback > 1.0 - 1e-9 ? 1.0 : lookback;
  return w;
}

HHProtocol HHProtocol::coarsened(int stride) const {
  if (stride < 1) throw ValueError("HHProtocol::coarsened: stride " + std::to_string(stride) + " < 1");
  const std::size_t s = static_cast<std::size_t>(stride);
  const std::size_t n = current.size() / s;
  if (n < 2)
    throw ValueError("HHProtocol::coarsened: stride " + std::to_string(stride) + " leaves " +
                     std::to_string(n) + " samples of " + std::to_string(current.size()));
  HHProtocol out = *this;
  out.dt_ms = dt_ms * double(stride);
  out.current.assign(n, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    double sum = 0.0;
    for (std::size_t k = 0; k < s; ++k) sum += current[j * s + k];
    out.current[j] = sum / double(s);
  }
  return out;
}

HHProtocol HHProtocol::from_recording(const AllenRecording& recording) {
  HHProtocol p;
  p.dt_ms = recording.dt_ms;
  p.current = recording.current_density();
  p.t_on_ms = recording.t_on_ms - recording.t_ms.front();
  p.t_off_ms = recording.t_off_ms - recording.t_ms.front();
  p.v0_mV = recording.v_mV.front() + kAllenJunctionPotentialMv;
  p.validate();
  return p;
}

HHProtocol HHProtocol::step(double amplitude, double v0, double dt_ms, std::size_t samples,
                            double t_on_ms, double t_off_ms) {
  HHProtocol p;
  p.dt_ms = dt_ms;
  p.t_on_ms = t_on_ms;
  p.t_off_ms = t_off_ms;
  p.v0_mV = v0;
  p.current.assign(samples, 0.0);
  // On for t_on ≤ t_k ≤ t_off (the recordings' current is on for exactly these samples).
  const double eps = 1e-6 * dt_ms;
  for (std::size_t k = 0; k < samples; ++k) {
    const double t = double(k) * dt_ms;
    if (t > t_on_ms - eps && t < t_off_ms + eps) p.current[k] = amplitude;
  }
  p.validate();
  return p;
}

}  // namespace sbi::sim
