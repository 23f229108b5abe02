// Tests of the host/device Hodgkin–Huxley step (hh::step of simulators/hodgkin_huxley_model.hpp,
// which the reference, the batch path and the GPU kernel all call): stepped by hand with the
// reference's own noise draws it reproduces hh_simulate_trace_reference bit for bit, and the
// streaming statistics (simulators/hodgkin_huxley_streaming_stats.hpp) equal hh_summary_stats of
// that trace to rounding.
// No implicit fma contraction, as in the reference (simulators/hodgkin_huxley_reference.cpp).
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/rng.hpp"
#include "simulators/hodgkin_huxley.hpp"
#include "simulators/hodgkin_huxley_model.hpp"
#include "simulators/hodgkin_huxley_reference.hpp"
#include "simulators/hodgkin_huxley_stats.hpp"
#include "simulators/hodgkin_huxley_streaming_stats.hpp"

using namespace sbi;

TEST_CASE("exp_det is within 1e-15 relative of std::exp and clamps its argument") {
  for (int i = -1900; i <= 1900; ++i) {
    const double x = i * 0.37;  // up to ±703
    CHECK(std::abs(sim::hh::exp_det(x) / std::exp(x) - 1) < 1e-15);
  }
  CHECK(sim::hh::exp_det(-800.0) == sim::hh::exp_det(-708.0));
  CHECK(sim::hh::exp_det(800.0) == sim::hh::exp_det(709.0));
}

TEST_CASE("hh::step reproduces the reference trace and statistics") {
  // A shortened step protocol (same dt and stimulus shape) keeps the test fast; the coarse
  // one (dt 0.2 ms) exercises the peak rule's lookback.
  const sim::HHProtocol fine =
      sim::HHProtocol::step(sim::default_step_amplitude(), -70.0, 0.02, 12000, 40.0, 200.0);
  for (const sim::HHProtocol& protocol : {fine, fine.coarsened(10)}) {
    CAPTURE(protocol.dt_ms);
    const sim::HHStatWindows w = protocol.windows();
    const sim::hh::Windows cw{w.rest_end, w.rest_sd_begin, w.stim_begin, w.stim_end, w.merge_gap,
                               w.peak_lookback};
    std::vector<std::vector<double>> thetas = {
        sim::HodgkinHuxleySimulator::reference_theta(),
        {10.0, 2.0, 0.3, 0.2, 100.0, 50.0, 0.05, 60.0},
        {75.0, 12.0, 0.05, 0.5, 2500.0, 80.0, 0.14, 90.0}};
    for (std::size_t t = 0; t < thetas.size(); ++t) {
      CAPTURE(t);
      const double* theta = thetas[t].data();
      Rng ref_rng(9, t);
      const std::vector<double> trace = sim::hh_simulate_trace_reference(theta, protocol, ref_rng);
      const std::array<double, 7> stats = sim::hh_summary_stats(trace, w);

      Rng rng(9, t);  // the same noise draws, consumed in the same order
      const sim::hh::Parameters q = sim::hh::Parameters::from_theta(theta);
      sim::hh::State s = sim::hh::initial_state(q, protocol.v0_mV);
      const double noise_scale = q.sigma / std::sqrt(protocol.dt_ms);
      sim::hh::StreamingStats acc;
      acc.add(0, s.v, cw);
      int mismatches = 0;
      for (std::size_t k = 1; k < protocol.size(); ++k) {
        sim::hh::step(s, q, protocol.current[k - 1], rng.normal(), protocol.dt_ms, noise_scale);
        mismatches += s.v == trace[k] ? 0 : 1;
        acc.add(k, s.v, cw);
      }
      CHECK(mismatches == 0);
      double got[7];
      acc.finish(got, cw);
      CHECK(got[0] == stats[0]);
      for (int i = 1; i < 7; ++i) {
        CAPTURE(i);
        CHECK(got[i] == doctest::Approx(stats[i]).epsilon(1e-9));
      }
    }
  }
}
