// One Hodgkin–Huxley simulation step and streaming summary statistics for host and device (see
// hd.hpp): the equations of simulators/hodgkin_huxley_model.hpp and
// simulators/hodgkin_huxley_reference.hpp, written without std:: so that a GPU thread runs one
// simulation. With the same noise draws ξ_k the host build reproduces the reference trace bit
// for bit (tested); the kernel is compiled with -fmad=false so the device rounds the same way.
// Step k → k+1 (C = 1 µF/cm²):
//   g_tot = m³h·g_Na + n⁴·g_K + g_leak + p·g_M
//   V_inf = (m³h·g_Na·E_Na + n⁴·g_K·E_K + g_leak·E_leak + p·g_M·E_K + I_k + σ·ξ_k/√dt) / g_tot
//   V ← V_inf + (V - V_inf)·exp(-dt·g_tot);  z ← z_inf(V) + (z - z_inf(V))·exp(-dt/τ_z(V)).
// exp is the deterministic polynomial exp_det of the model header (same constants, same fma).
#pragma once
#include "cuda/hd.hpp"

namespace sbi::cuda::hh {

SBI_HD double exp_det(double x) {
  x = x < -708.0 ? -708.0 : x;
  x = x > 709.0 ? 709.0 : x;
  const double kLog2e = 1.4426950408889634;
  const double kShift = 6755399441055744.0;
  const double kLn2Hi = 6.93147180369123816490e-01;
  const double kLn2Lo = 1.90821492927058770002e-10;
  const double shifted = fma(x, kLog2e, kShift);
  const uint64_t bits = hd_double_bits(shifted);
  const double n = shifted - kShift;
  const double r = fma(-n, kLn2Lo, fma(-n, kLn2Hi, x));
  double p = 1.0 / 6227020800.0;
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
  return p * hd_bits_double((bits + 1023u) << 52);
}

SBI_HD double efun(double z) {
  const double regular = z / (exp_det(z) - 1.0);
  return fabs(z) < 1e-4 ? 1.0 - z / 2.0 : regular;
}
SBI_HD double alpha_m(double u) { return 0.32 * efun(-(u - 13.0) / 4.0) * 4.0; }
SBI_HD double beta_m(double u) { return 0.28 * efun((u - 40.0) / 5.0) * 5.0; }
SBI_HD double alpha_h(double u) { return 0.128 * exp_det(-(u - 17.0) / 18.0); }
SBI_HD double beta_h(double u) { return 4.0 / (1.0 + exp_det(-(u - 40.0) / 5.0)); }
SBI_HD double alpha_n(double u) { return 0.032 * efun(-(u - 15.0) / 5.0) * 5.0; }
SBI_HD double beta_n(double u) { return 0.5 * exp_det(-(u - 10.0) / 40.0); }
SBI_HD double p_inf(double v) { return 1.0 / (1.0 + exp_det(-(v + 35.0) / 10.0)); }
SBI_HD double tau_p(double v, double tau_max) {
  return tau_max / (3.3 * exp_det((v + 35.0) / 20.0) + exp_det(-(v + 35.0) / 20.0));
}
SBI_HD double relax_gate(double z, double alpha, double beta, double dt) {
  const double z_inf = alpha / (alpha + beta);
  const double tau = 1.0 / (alpha + beta);
  return z_inf + (z - z_inf) * exp_det(-dt / tau);
}
SBI_HD double relax_gate_tau(double z, double z_inf, double tau, double dt) {
  return z_inf + (z - z_inf) * exp_det(-dt / tau);
}

inline constexpr double kENa = 53.0, kEK = -107.0;

// θ with the signs of TASKS.md applied (V_T = -θ6, E_leak = -θ8).
struct Params {
  double g_na, g_k, g_leak, g_m, tau_max, v_t, sigma, e_leak;
};
SBI_HD Params params_from_theta(const double* t) {
  return {t[0], t[1], t[2], t[3], t[4], -t[5], t[6], -t[7]};
}

struct State {
  double v, m, h, n, p;
};

// Gates at their steady state for V0.
SBI_HD State initial_state(const Params& q, double v0) {
  const double u = v0 - q.v_t;
  State s;
  s.v = v0;
  s.m = alpha_m(u) / (alpha_m(u) + beta_m(u));
  s.h = alpha_h(u) / (alpha_h(u) + beta_h(u));
  s.n = alpha_n(u) / (alpha_n(u) + beta_n(u));
  s.p = p_inf(v0);
  return s;
}

// One exponential-Euler step with input current `current` and noise draw xi;
// noise_scale = σ/√dt.
SBI_HD void step(State& s, const Params& q, double current, double xi, double dt,
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

}  // namespace sbi::cuda::hh
