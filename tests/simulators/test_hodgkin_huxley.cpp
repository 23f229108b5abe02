// The Hodgkin–Huxley model: the deterministic exp, efun near 0, the step protocol and
// coarsening, and the reference θ spiking under the step current (and not with tiny g_Na).
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "simulators/hodgkin_huxley.hpp"
#include "simulators/hodgkin_huxley_model.hpp"
#include "simulators/hodgkin_huxley_reference.hpp"
#include "simulators/task.hpp"

using namespace sbi;
using namespace sbi::sim;

TEST_CASE("hh exp_det agrees with std::exp to ~1 ulp over the used range") {
  double worst = 0.0;
  for (double x = -700.0; x <= 700.0; x += 0.0137) {
    const double rel = std::abs(hh::exp_det(x) - std::exp(x)) / std::exp(x);
    worst = std::max(worst, rel);
  }
  CHECK(worst < 1e-15);
  CHECK(hh::exp_det(0.0) == 1.0);
  CHECK(hh::exp_det(-1000.0) > 0.0);  // clamped at exp(-708), no underflow to 0 or NaN
  CHECK(hh::exp_det(-1000.0) < 1e-307);
  CHECK(std::isnan(hh::exp_det(std::nan(""))));
}

TEST_CASE("hh efun is continuous across its small-|z| branch") {
  CHECK(hh::efun(0.0) == 1.0);
  CHECK(hh::efun(1.0) == doctest::Approx(1.0 / (std::exp(1.0) - 1.0)).epsilon(1e-14));
  CHECK(hh::efun(-2.0) == doctest::Approx(-2.0 / (std::exp(-2.0) - 1.0)).epsilon(1e-14));
  // Just inside vs just outside |z| = 1e-4: the series 1 - z/2 misses z²/12 ≈ 8e-10, and the
  // direct formula loses ~1e-12 to cancellation.
  for (double edge : {1e-4, -1e-4}) {
    const double inside = hh::efun(edge * (1 - 1e-9));
    const double outside = hh::efun(edge * (1 + 1e-9));
    CHECK(std::abs(inside - outside) < 2e-9);
    CHECK(std::abs(outside - (1.0 - edge / 2.0 + edge * edge / 12.0)) < 1e-11);
  }
}

TEST_CASE("hh step protocol: Allen timing and the documented amplitude") {
  const HHProtocol p = HHProtocol::step();
  CHECK(p.size() == 72500);
  CHECK(p.dt_ms == 0.02);
  CHECK(default_step_amplitude() == doctest::Approx(3.2481).epsilon(1e-4));
  std::size_t on = 0;
  for (double c : p.current) on += c != 0.0;
  CHECK(on == 50000);  // t = 205.00 ... 1204.98 ms, as in the recordings
  CHECK(p.current[10249] == 0.0);
  CHECK(p.current[10250] == default_step_amplitude());
  CHECK(p.current[60249] == default_step_amplitude());
  CHECK(p.current[60250] == 0.0);
  const HHStatWindows w = p.windows();
  CHECK(w.rest_end == 10250);
  CHECK(w.rest_sd_begin == 9225);  // t = 184.5 = 0.9·205
  CHECK(w.stim_begin == 10251);
  CHECK(w.stim_end == 60249);
  CHECK(w.merge_gap == 26);
}

TEST_CASE("hh coarsened protocol averages the current") {
  HHProtocol p = HHProtocol::step(2.0, -70.0, 0.02, 1001, 5.0, 15.0);
  p.current[7] = 1.0;
  const HHProtocol c = p.coarsened(4);
  CHECK(c.size() == 250);
  CHECK(c.dt_ms == doctest::Approx(0.08));
  CHECK(c.current[1] == doctest::Approx(0.25));
  CHECK_THROWS_AS(p.coarsened(0), ValueError);
  CHECK_THROWS_AS(p.coarsened(600), ValueError);
}

TEST_CASE("hh reference θ spikes under the step current; tiny g_Na does not") {
  const HHProtocol p = HHProtocol::step();
  std::vector<double> theta = HodgkinHuxleySimulator::reference_theta();
  Rng rng(7, 0);
  const auto s = hh_simulate_stats_reference(theta.data(), p, rng);
  MESSAGE("reference θ stats: " << s[0] << " spikes, rest " << s[1] << " ± " << s[2]
          << ", stim mean " << s[3] << ", var " << s[4] << ", skew " << s[5] << ", kurt " << s[6]);
  CHECK(s[0] >= 5.0);
  // At rest V stays near E_leak = -70 mV (the K and M currents pull slightly lower).
  CHECK(s[1] < -60.0);
  CHECK(s[1] > -80.0);
  CHECK(s[2] > 0.0);
  CHECK(s[2] < 2.0);
  CHECK(s[3] > s[1]);  // depolarised during the stimulus
  CHECK(s[5] > 0.0);   // spikes skew the voltage distribution upwards

  theta[0] = 1e-3;  // almost no sodium conductance: no action potentials
  Rng rng2(7, 0);
  const auto quiet = hh_simulate_stats_reference(theta.data(), p, rng2);
  CHECK(quiet[0] == 0.0);
  CHECK(quiet[4] < s[4]);
}

TEST_CASE("hh finer dt is a fidelity knob: coarser steps give similar resting statistics") {
  const HHProtocol fine = HHProtocol::step();
  const HHProtocol coarse = fine.coarsened(5);  // dt = 0.1 ms
  const std::vector<double> theta = HodgkinHuxleySimulator::reference_theta();
  Rng a(3, 0), b(3, 0);
  const auto sf = hh_simulate_stats_reference(theta.data(), fine, a);
  const auto sc = hh_simulate_stats_reference(theta.data(), coarse, b);
  CHECK(sc[0] >= 1.0);
  // The resting mean is set by the conductances, not the step (noise sd ≈ 0.3 mV on a mean
  // over 205 ms): the two agree to well under 1 mV.
  CHECK(std::abs(sf[1] - sc[1]) < 1.0);
}

TEST_CASE("hh simulator shapes and bad input") {
  HodgkinHuxleySimulator sim(HHProtocol::step());
  CHECK(sim.theta_dim() == 8);
  CHECK(sim.x_dim() == 7);
  CHECK(HodgkinHuxleySimulator::parameter_names().size() == 8);
  CHECK(HodgkinHuxleySimulator::statistic_names().size() == 7);
  CHECK_THROWS_AS(sim.simulate(MatrixD::Zero(2, 7), 1), ShapeError);
  HHProtocol bad = HHProtocol::step();
  bad.dt_ms = 0.0;
  CHECK_THROWS_AS(HodgkinHuxleySimulator{bad}, ValueError);
}

TEST_CASE("hodgkin_huxley_lf, _lf_coarse: the same model and prior at dt 0.1 / 0.2 ms, statistics close to the HF ones") {
  const Task hf = make_task("hodgkin_huxley");
  const auto& sim_hf = dynamic_cast<const HodgkinHuxleySimulator&>(*hf.simulator);
  const MatrixD theta = hf.sample_prior(60, 11);
  const MatrixD x_hf = hf.simulate(theta, 5);
  struct Case {
    const char* name;
    double dt;
    int stride;
  };
  for (const Case c : {Case{"hodgkin_huxley_lf", 0.1, 5}, Case{"hodgkin_huxley_lf_coarse", 0.2, 10}}) {
    CAPTURE(c.name);
    const Task lf = make_task(c.name);
    CHECK(lf.theta_dim() == hf.theta_dim());
    CHECK(lf.x_dim() == hf.x_dim());
    CHECK(lf.data_names == hf.data_names);
    const auto& sim_lf = dynamic_cast<const HodgkinHuxleySimulator&>(*lf.simulator);
    CHECK(sim_lf.protocol().dt_ms == doctest::Approx(c.dt));
    CHECK(sim_lf.protocol().size() == sim_hf.protocol().size() / std::size_t(c.stride));
    // Same θ, both fidelities: the LF statistics track the HF ones across the prior. Over 1,000
    // prior draws every statistic correlates at ≥ 0.97 (0.98 at dt 0.2 ms); 60 draws bound the
    // sample correlation's spread (sd ≈ (1 − ρ²)/√60 ≈ 0.008 at ρ = 0.97), so 0.9 leaves a wide
    // margin.
    CHECK(lf.prior->log_prob(theta).allFinite());
    const MatrixD x_lf = lf.simulate(theta, 5);
    for (Index d = 0; d < hf.x_dim(); ++d) {
      const VectorD a = x_hf.col(d), b = x_lf.col(d);
      REQUIRE(a.allFinite());
      REQUIRE(b.allFinite());
      const VectorD ca = a.array() - a.mean(), cb = b.array() - b.mean();
      const double r = ca.dot(cb) / std::sqrt(ca.squaredNorm() * cb.squaredNorm());
      INFO("statistic " << hf.data_names[std::size_t(d)]);
      CHECK(r > 0.9);
    }
    // The coarse grid keeps the spikes: paired over the same θ, the LF spike count totals 97–99%
    // of the HF one (200 draws). The peak rule read literally on the coarse grid would find
    // 46% at dt 0.2 ms (hodgkin_huxley_stats.hpp).
    CHECK(x_lf.col(0).sum() > 0.9 * x_hf.col(0).sum());
    CHECK(x_lf.col(0).sum() < 1.05 * x_hf.col(0).sum());
  }
}
