// Scalar reference Hodgkin–Huxley simulation (see the header for the update equations).
// No implicit a·b + c fusion: scalar and SIMD code must round identically (see
// hodgkin_huxley_model.hpp).
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include "simulators/hodgkin_huxley_reference.hpp"

#include <cmath>

#include "simulators/hodgkin_huxley_model.hpp"
#include "simulators/hodgkin_huxley_stats.hpp"

namespace sbi::sim {

std::vector<double> hh_simulate_trace_reference(const double* theta, const HHProtocol& protocol,
                                                Rng& rng) {
  using namespace hh;
  protocol.validate();
  const Parameters q = Parameters::from_theta(theta);
  const double dt = protocol.dt_ms;
  const double noise_scale = q.sigma / std::sqrt(dt);  // σ/√dt
  const std::size_t n_samples = protocol.size();

  double v = protocol.v0_mV;
  double u = v - q.v_t;
  double m = alpha_m(u) / (alpha_m(u) + beta_m(u));
  double h = alpha_h(u) / (alpha_h(u) + beta_h(u));
  double n = alpha_n(u) / (alpha_n(u) + beta_n(u));
  double p = p_inf(v);

  std::vector<double> trace(n_samples);
  trace[0] = v;
  for (std::size_t k = 1; k < n_samples; ++k) {
    const double xi = rng.normal();
    const double g_na = m * m * m * h * q.g_na;
    const double g_k = n * n * n * n * q.g_k;
    const double g_m = p * q.g_m;
    const double g_tot = g_na + g_k + q.g_leak + g_m;
    const double v_inf = (g_na * kENa + g_k * kEK + q.g_leak * q.e_leak + g_m * kEK +
                          protocol.current[k - 1] + noise_scale * xi) /
                         g_tot;
    v = v_inf + (v - v_inf) * exp_det(-dt * g_tot);

    u = v - q.v_t;
    m = relax_gate(m, alpha_m(u), beta_m(u), dt);
    h = relax_gate(h, alpha_h(u), beta_h(u), dt);
    n = relax_gate(n, alpha_n(u), beta_n(u), dt);
    p = relax_gate_tau(p, p_inf(v), tau_p(v, q.tau_max), dt);
    trace[k] = v;
  }
  return trace;
}

std::array<double, 7> hh_simulate_stats_reference(const double* theta,
                                                  const HHProtocol& protocol, Rng& rng) {
  const std::vector<double> trace = hh_simulate_trace_reference(theta, protocol, rng);
  return hh_summary_stats(trace, protocol.windows());
}

}  // namespace sbi::sim
