// Plain scalar reference of the Hodgkin–Huxley simulator: one θ, one trace, written like the
// equations of TASKS.md (see hodgkin_huxley_model.hpp). The vectorised batch path is tested
// against it (identical traces, bit for bit).
//
// Exponential-Euler step k → k+1 (k = 0..n-2) with ξ_k = rng.normal(), one draw per step:
//   g_tot = m³h·g_Na + n⁴·g_K + g_leak + p·g_M
//   V_inf = (m³h·g_Na·E_Na + n⁴·g_K·E_K + g_leak·E_leak + p·g_M·E_K + I_k + σ·ξ_k/√dt) / g_tot
//   V ← V_inf + (V - V_inf)·exp(-dt·g_tot)
//   z ← z_inf(V) + (z - z_inf(V))·exp(-dt/τ_z(V)) for z = m, h, n, p (with the new V).
// Gates start at their steady state for V0.
#pragma once
#include <array>
#include <vector>

#include "core/rng.hpp"
#include "simulators/hodgkin_huxley_protocol.hpp"

namespace sbi::sim {

// The voltage trace (protocol.size() samples, sample 0 = V0) for θ (8 values).
std::vector<double> hh_simulate_trace_reference(const double* theta, const HHProtocol& protocol,
                                                Rng& rng);

// hh_summary_stats of the reference trace.
std::array<double, 7> hh_simulate_stats_reference(const double* theta,
                                                  const HHProtocol& protocol, Rng& rng);

}  // namespace sbi::sim
