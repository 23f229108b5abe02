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

  State s = initial_state(q, protocol.v0_mV);
  std::vector<double> trace(n_samples);
  trace[0] = s.v;
  for (std::size_t k = 1; k < n_samples; ++k) {
    step(s, q, protocol.current[k - 1], rng.normal(), dt, noise_scale);
    trace[k] = s.v;
  }
  return trace;
}

std::array<double, 7> hh_simulate_stats_reference(const double* theta,
                                                  const HHProtocol& protocol, Rng& rng) {
  const std::vector<double> trace = hh_simulate_trace_reference(theta, protocol, rng);
  return hh_summary_stats(trace, protocol.windows());
}

}  // namespace sbi::sim
