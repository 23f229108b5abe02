// The Hodgkin–Huxley model of the benchmark (single compartment, Pospischil et al. 2008 type;
// TASKS.md "Hodgkin–Huxley"): constants, parameter layout and the rate functions shared by the
// scalar reference and the vectorised batch path.
//
// θ = (g_Na, g_K, g_leak, g_M, τ_max, -V_T, σ_noise, -E_leak); C = 1 µF/cm², E_Na = 53 mV,
// E_K = -107 mV. With u = V - V_T:
//   α_m = 0.32·efun(-(u - 13)/4)·4     β_m = 0.28·efun((u - 40)/5)·5
//   α_h = 0.128·exp(-(u - 17)/18)      β_h = 4/(1 + exp(-(u - 40)/5))
//   α_n = 0.032·efun(-(u - 15)/5)·5    β_n = 0.5·exp(-(u - 10)/40)
//   p_inf = 1/(1 + exp(-(V + 35)/10)), τ_p = τ_max/(3.3·exp((V + 35)/20) + exp(-(V + 35)/20))
//   efun(z) = z/(e^z - 1), and 1 - z/2 for |z| < 1e-4.
//
// Every exponential goes through exp_det(): a branch-free polynomial exp (explicit fused
// multiply-adds) written so that the compiler vectorises it, used by BOTH paths so that the
// batch path reproduces the scalar reference bit for bit. The two .cpp files that evaluate the
// model (hodgkin_huxley_reference.cpp, hodgkin_huxley_batch.cpp) are compiled with
// fp-contract=off (a pragma at their top): otherwise the compiler fuses a·b + c differently in
// scalar and in vector code and the traces drift apart by rounding. Its relative error against std::exp is below 1e-15; arguments are
// clamped to [-708, 709] (exp(-708) ≈ 3e-308 instead of underflowing to 0, which changes no
// simulated quantity; larger arguments would overflow anyway).
//
// Everything here is written once for host and device (core/host_device.hpp: only <math.h>
// functions, no std::): the CPU reference and the GPU kernel (cuda/kernels_hh.cu, compiled with
// -fmad=false) step with hh::step below. The SIMD batch path spells the same step out lane by
// lane (GCC does not vectorise its `omp simd` lane loop through hh::step: 4.3x slower), and its
// tests hold it to the reference bit for bit.
// One exponential-Euler step k → k+1 with noise draw ξ_k:
//   g_tot = m³h·g_Na + n⁴·g_K + g_leak + p·g_M
//   V_inf = (m³h·g_Na·E_Na + n⁴·g_K·E_K + g_leak·E_leak + p·g_M·E_K + I_k + σ·ξ_k/√dt) / g_tot
//   V ← V_inf + (V - V_inf)·exp(-dt·g_tot);  z ← z_inf(V) + (z - z_inf(V))·exp(-dt/τ_z(V)).
#pragma once
#include "core/host_device.hpp"

namespace sbi::sim::hh {

inline constexpr int kThetaDim = 8;
inline constexpr int kStatDim = 7;
inline constexpr double kENa = 53.0;   // mV
inline constexpr double kEK = -107.0;  // mV (delayed rectifier and M-current)
// Membrane capacitance C = 1 µF/cm²: conductances divided by C are the conductances.

// Deterministic, vectorisable exp (Cody–Waite reduction x = n·ln2 + r, |r| ≤ ln2/2, degree-13
// Taylor polynomial, scaling by 2^n built in the exponent bits). NaN propagates.
SBI_HD double exp_det(double x) {
  x = x < -708.0 ? -708.0 : x;
  x = x > 709.0 ? 709.0 : x;
  const double kLog2e = 1.4426950408889634;
  const double kShift = 6755399441055744.0;  // 1.5·2^52: adding it rounds to an integer
  const double kLn2Hi = 6.93147180369123816490e-01;
  const double kLn2Lo = 1.90821492927058770002e-10;
  const double shifted = fma(x, kLog2e, kShift);
  const uint64_t bits = hd_double_bits(shifted);
  const double n = shifted - kShift;
  const double r = fma(-n, kLn2Lo, fma(-n, kLn2Hi, x));
  double p = 1.0 / 6227020800.0;  // 1/13!
  p = fma(p, r, 1.0 / 479001600.0);
  p = fma(p, r, 1.0 / 39916800.0);
  p = fma(p, r, 1.0 / 3628800.0);
  p = fma(p, r, 1.0 / 362880.0);
  p = fma(p, r, 1.0 / 40320.0);
  p = fma(p, r, 1.0 / 5040.0);
  p = fma(p, r, 1.0 / 720.0);
  p = fma(p, r, 1.0 / 120.0);
  p = fma(p, r, 1.0 / 24.0);
  p = fma(p, r, 1.0 / 6.0);
  p = fma(p, r, 0.5);
  p = fma(p, r, 1.0);
  p = fma(p, r, 1.0);
  // The low bits of `shifted` hold n (two's complement); (n + 1023) << 52 is 2^n as a double.
  const double scale = hd_bits_double((bits + 1023u) << 52);
  return p * scale;
}

// z/(e^z - 1), with its limit 1 - z/2 near 0.
SBI_HD double efun(double z) {
  const double regular = z / (exp_det(z) - 1.0);
  return fabs(z) < 1e-4 ? 1.0 - z / 2.0 : regular;
}

// Rate functions in 1/ms; u = V - V_T in mV.
SBI_HD double alpha_m(double u) { return 0.32 * efun(-(u - 13.0) / 4.0) * 4.0; }
SBI_HD double beta_m(double u) { return 0.28 * efun((u - 40.0) / 5.0) * 5.0; }
SBI_HD double alpha_h(double u) { return 0.128 * exp_det(-(u - 17.0) / 18.0); }
SBI_HD double beta_h(double u) { return 4.0 / (1.0 + exp_det(-(u - 40.0) / 5.0)); }
SBI_HD double alpha_n(double u) { return 0.032 * efun(-(u - 15.0) / 5.0) * 5.0; }
SBI_HD double beta_n(double u) { return 0.5 * exp_det(-(u - 10.0) / 40.0); }
// Slow M-current gate.
SBI_HD double p_inf(double v) { return 1.0 / (1.0 + exp_det(-(v + 35.0) / 10.0)); }
SBI_HD double tau_p(double v, double tau_max) {
  return tau_max / (3.3 * exp_det((v + 35.0) / 20.0) + exp_det(-(v + 35.0) / 20.0));
}

// One gate's exponential-Euler relaxation over dt towards z_inf = α/(α+β), τ = 1/(α+β).
SBI_HD double relax_gate(double z, double alpha, double beta, double dt) {
  const double z_inf = alpha / (alpha + beta);
  const double tau = 1.0 / (alpha + beta);
  return z_inf + (z - z_inf) * exp_det(-dt / tau);
}
SBI_HD double relax_gate_tau(double z, double z_inf, double tau, double dt) {
  return z_inf + (z - z_inf) * exp_det(-dt / tau);
}

// θ unpacked with the signs of TASKS.md applied (V_T = -θ6, E_leak = -θ8).
struct Parameters {
  double g_na, g_k, g_leak, g_m, tau_max, v_t, sigma, e_leak;
  static SBI_HD Parameters from_theta(const double* theta) {
    return {theta[0], theta[1], theta[2], theta[3], theta[4], -theta[5], theta[6], -theta[7]};
  }
};

// The state of one simulation.
struct State {
  double v, m, h, n, p;
};

// Gates at their steady state for V0.
SBI_HD State initial_state(const Parameters& q, double v0) {
  const double u = v0 - q.v_t;
  State s;
  s.v = v0;
  s.m = alpha_m(u) / (alpha_m(u) + beta_m(u));
  s.h = alpha_h(u) / (alpha_h(u) + beta_h(u));
  s.n = alpha_n(u) / (alpha_n(u) + beta_n(u));
  s.p = p_inf(v0);
  return s;
}

// One exponential-Euler step with input current `current` and noise draw xi (the right-hand
// side above); noise_scale = σ/√dt.
SBI_HD void step(State& s, const Parameters& q, double current, double xi, double dt,
                      double noise_scale) {
  const double g_na = s.m * s.m * s.m * s.h * q.g_na;
  const double g_k = s.n * s.n * s.n * s.n * q.g_k;
  const double g_m = s.p * q.g_m;
  const double g_tot = g_na + g_k + q.g_leak + g_m;
  const double v_inf =
      (g_na * kENa + g_k * kEK + q.g_leak * q.e_leak + g_m * kEK + current + noise_scale * xi) /
      g_tot;
  s.v = v_inf + (s.v - v_inf) * exp_det(-dt * g_tot);
  const double u = s.v - q.v_t;
  s.m = relax_gate(s.m, alpha_m(u), beta_m(u), dt);
  s.h = relax_gate(s.h, alpha_h(u), beta_h(u), dt);
  s.n = relax_gate(s.n, alpha_n(u), beta_n(u), dt);
  s.p = relax_gate_tau(s.p, p_inf(s.v), tau_p(s.v, q.tau_max), dt);
}

}  // namespace sbi::sim::hh
