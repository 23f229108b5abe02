// Hodgkin–Huxley summary statistics on a constructed trace with known spikes and moments, for
// the plain two-pass version and the streaming accumulator; the statistics windows.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "simulators/hodgkin_huxley_protocol.hpp"
#include "simulators/hodgkin_huxley_stats.hpp"

using namespace sbi::sim;

namespace {

// dt = 0.1 ms, 1000 samples, stimulus 10 < t < 90 ms.
HHProtocol small_protocol() {
  HHProtocol p;
  p.dt_ms = 0.1;
  p.current.assign(1000, 0.0);
  p.t_on_ms = 10.0;
  p.t_off_ms = 90.0;
  p.v0_mV = -70.0;
  return p;
}

// Rest (t < 10): -70 ± 0.5 alternating. Afterwards -60 with 2-sample spikes at +20 mV:
//   200-201 (1 spike); 300-301 and 303-304 (peaks 0.3 ms apart: merged, 1 spike);
//   400-401 and 406-407 (0.6 ms apart: 2 spikes); 899-900 (peak at t = 89.9 inside: 1 spike,
//   only sample 899 is in the window); 950-951 (after t_off: not counted). 5 spikes in all.
std::vector<double> constructed_trace() {
  std::vector<double> v(1000, -60.0);
  for (int k = 0; k < 100; ++k) v[k] = -70.0 + (k % 2 == 0 ? 0.5 : -0.5);
  for (int k : {200, 201, 300, 301, 303, 304, 400, 401, 406, 407, 899, 900, 950, 951}) v[k] = 20.0;
  return v;
}

void check_known_stats(const double* s) {
  // The stimulus window holds 799 samples (k = 101 .. 899), 11 of them at +20 mV: a two-point
  // distribution with p = 11/799, a - b = 80 mV.
  const double p = 11.0 / 799.0, d = 80.0;
  CHECK(s[0] == 5.0);
  CHECK(s[1] == doctest::Approx(-70.0).epsilon(1e-13));
  CHECK(s[2] == doctest::Approx(0.5).epsilon(1e-11));
  CHECK(s[3] == doctest::Approx(-60.0 + p * d).epsilon(1e-12));
  CHECK(s[4] == doctest::Approx(p * (1 - p) * d * d).epsilon(1e-10));
  CHECK(s[5] == doctest::Approx((1 - 2 * p) / std::sqrt(p * (1 - p))).epsilon(1e-10));
  CHECK(s[6] == doctest::Approx((1 - 3 * p + 3 * p * p) / (p * (1 - p))).epsilon(1e-10));
}

}  // namespace

TEST_CASE("hh stats windows on the sample grid") {
  const HHStatWindows w = small_protocol().windows();
  CHECK(w.rest_end == 100);       // t < 10
  CHECK(w.rest_sd_begin == 90);   // t ≥ 9
  CHECK(w.stim_begin == 101);     // t > 10
  CHECK(w.stim_end == 900);       // t < 90
  CHECK(w.merge_gap == 6);        // 0.6 ms > 0.5 ms
  CHECK(w.peak_lookback == doctest::Approx(0.2));  // 0.02 ms of a 0.1 ms step
  HHProtocol fine = small_protocol();
  fine.dt_ms = kHHReferenceDtMs;
  CHECK(fine.windows().peak_lookback == 1.0);
  fine.dt_ms = 0.005;  // finer than the reference: still the previous sample
  CHECK(fine.windows().peak_lookback == 1.0);
}

TEST_CASE("hh summary statistics of a constructed trace (plain)") {
  const auto v = constructed_trace();
  const auto s = hh_summary_stats(v, small_protocol().windows());
  check_known_stats(s.data());
}

TEST_CASE("hh summary statistics of a constructed trace (streaming, 1 and 2 lanes)") {
  const auto v = constructed_trace();
  const HHStatWindows w = small_protocol().windows();
  HHStatAccumulator<1> one(w);
  HHStatAccumulator<2> two(w);
  for (std::size_t k = 0; k < v.size(); ++k) {
    one.add(k, &v[k]);
    const double pair[2] = {v[k], v[k]};
    two.add(k, pair);
  }
  double s1[7], s2[14];
  one.finish(s1, 7);
  two.finish(s2, 7);
  check_known_stats(s1);
  check_known_stats(s2);
  check_known_stats(s2 + 7);
}

TEST_CASE("hh streaming statistics match the two-pass ones on an irregular trace") {
  // A smooth oscillation with noise-like terms and spikes: generic values, no symmetry.
  std::vector<double> v(1000);
  for (std::size_t k = 0; k < v.size(); ++k) {
    const double t = 0.1 * double(k);
    v[k] = -65.0 + 3.0 * std::sin(0.37 * t) + 0.7 * std::cos(2.9 * t + 0.3) +
           (t > 10 && std::fmod(t, 7.0) < 0.4 ? 80.0 * std::sin(t) * std::sin(t) : 0.0);
  }
  const HHStatWindows w = small_protocol().windows();
  const auto plain = hh_summary_stats(v, w);
  HHStatAccumulator<1> acc(w);
  for (std::size_t k = 0; k < v.size(); ++k) acc.add(k, &v[k]);
  double s[7];
  acc.finish(s, 7);
  CHECK(plain[0] > 0.0);
  CHECK(s[0] == plain[0]);
  for (int j = 1; j < 7; ++j) CHECK(s[j] == doctest::Approx(plain[j]).epsilon(1e-10));
}

TEST_CASE("hh statistics: subthreshold peaks and empty windows") {
  HHProtocol p = small_protocol();
  std::vector<double> v(1000, -60.0);
  v[500] = v[501] = -10.0;  // not above -10 mV
  v[600] = v[601] = -9.0;   // above
  auto s = hh_summary_stats(v, p.windows());
  CHECK(s[0] == 1.0);
  // A stimulus starting at t = 0 leaves no resting window: NaN, not a crash.
  p.t_on_ms = -1.0;
  s = hh_summary_stats(v, p.windows());
  CHECK(std::isnan(s[1]));
  CHECK(std::isnan(s[2]));
  CHECK(std::isfinite(s[3]));
}

TEST_CASE("hh peak rule on a coarse grid reads V 0.02 ms before the maximum") {
  // One sample at +20 mV after -60 mV: at dt = 0.02 ms the sample before the maximum is below
  // -10 mV, so the (sbi example's) rule reports no spike. At dt = 0.1 ms the same samples span
  // 0.1 ms, and V 0.02 ms before the maximum, read off the line, is 20 - 0.2·80 = 4 mV: a spike.
  HHProtocol p = small_protocol();
  std::vector<double> v(1000, -60.0);
  v[500] = 20.0;
  const HHStatWindows coarse = p.windows();
  CHECK(hh_summary_stats(v, coarse)[0] == 1.0);
  HHStatWindows fine = coarse;
  fine.peak_lookback = 1.0;
  CHECK(hh_summary_stats(v, fine)[0] == 0.0);
  // A maximum at -4 mV after -60 mV: -4 - 0.2·56 = -15.2 mV is below threshold at dt = 0.1 too.
  v[500] = -4.0;
  CHECK(hh_summary_stats(v, coarse)[0] == 0.0);
  // The streaming accumulator applies the same rule.
  v[500] = 20.0;
  for (const HHStatWindows& w : {coarse, fine}) {
    HHStatAccumulator<1> acc(w);
    for (std::size_t k = 0; k < v.size(); ++k) acc.add(k, &v[k]);
    double s[7];
    acc.finish(s, 7);
    CHECK(s[0] == hh_summary_stats(v, w)[0]);
  }
}
