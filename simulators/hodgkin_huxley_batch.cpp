// Lockstep SIMD Hodgkin–Huxley kernel and its parallel drivers (see the header).
// No implicit a·b + c fusion: scalar and SIMD code must round identically (see
// hodgkin_huxley_model.hpp).
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
// Use full-width AVX-512 registers where -march enables them (GCC defaults to 256-bit).
#pragma GCC target("prefer-vector-width=512")
#endif

#include "simulators/hodgkin_huxley_batch.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "simulators/hodgkin_huxley_model.hpp"
#include "simulators/hodgkin_huxley_stats.hpp"

namespace sbi::sim {
namespace {

constexpr int kNoiseBlock = 64;  // steps of noise drawn ahead per lane

// Simulates rows first .. first+count-1 (count ≤ W) of theta. Lanes beyond count repeat row
// `first` with zero noise and are discarded. Writes count × 7 statistics (row stride 7) and,
// when traces is not null, count × n samples (row stride n).
template <int W>
void simulate_lanes(const MatrixD& theta, Index first, int count, const HHProtocol& protocol,
                    const HHStatWindows& windows, std::uint64_t seed, std::uint64_t offset,
                    double* stats, double* traces) {
  using namespace hh;
  const double dt = protocol.dt_ms;
  const std::size_t n_samples = protocol.size();
  const double* current = protocol.current.data();

  alignas(64) double g_na[W], g_k[W], g_leak[W], g_m[W], tau_max[W], v_t[W], noise[W], e_leak[W];
  alignas(64) double v[W], m[W], h[W], n[W], p[W];
  Rng rngs[W];
  for (int l = 0; l < W; ++l) {
    const Index row = first + (l < count ? l : 0);
    const Parameters q = Parameters::from_theta(theta.row(row).data());
    g_na[l] = q.g_na;
    g_k[l] = q.g_k;
    g_leak[l] = q.g_leak;
    g_m[l] = q.g_m;
    tau_max[l] = q.tau_max;
    v_t[l] = q.v_t;
    noise[l] = q.sigma / std::sqrt(dt);
    e_leak[l] = q.e_leak;
    if (l < count) rngs[l] = Rng(seed, offset + static_cast<std::uint64_t>(first + l));

    const State s0 = initial_state(q, protocol.v0_mV);
    v[l] = s0.v;
    m[l] = s0.m;
    h[l] = s0.h;
    n[l] = s0.n;
    p[l] = s0.p;
  }

  HHStatAccumulator<W> acc(windows);
  acc.add(0, v);
  if (traces)
    for (int l = 0; l < count; ++l) traces[std::size_t(l) * n_samples] = v[l];

  alignas(64) double xi[kNoiseBlock * W];
  for (std::size_t k0 = 1; k0 < n_samples; k0 += kNoiseBlock) {
    const std::size_t block = std::min<std::size_t>(kNoiseBlock, n_samples - k0);
    for (int l = 0; l < W; ++l)
      for (std::size_t b = 0; b < block; ++b) xi[b * W + l] = l < count ? rngs[l].normal() : 0.0;

    for (std::size_t b = 0; b < block; ++b) {
      const std::size_t k = k0 + b;
      const double current_k = current[k - 1];
      const double* x = xi + b * W;
#pragma omp simd
      for (int l = 0; l < W; ++l) {
        // hh::step (hodgkin_huxley_model.hpp) spelled out per lane, so that the loop vectorises.
        const double gna = m[l] * m[l] * m[l] * h[l] * g_na[l];
        const double gk = n[l] * n[l] * n[l] * n[l] * g_k[l];
        const double gm = p[l] * g_m[l];
        const double g_tot = gna + gk + g_leak[l] + gm;
        const double v_inf = (gna * kENa + gk * kEK + g_leak[l] * e_leak[l] + gm * kEK +
                              current_k + noise[l] * x[l]) /
                             g_tot;
        const double v_new = v_inf + (v[l] - v_inf) * exp_det(-dt * g_tot);
        const double u = v_new - v_t[l];
        m[l] = relax_gate(m[l], alpha_m(u), beta_m(u), dt);
        h[l] = relax_gate(h[l], alpha_h(u), beta_h(u), dt);
        n[l] = relax_gate(n[l], alpha_n(u), beta_n(u), dt);
        p[l] = relax_gate_tau(p[l], p_inf(v_new), tau_p(v_new, tau_max[l]), dt);
        v[l] = v_new;
      }
      acc.add(k, v);
      if (traces)
        for (int l = 0; l < count; ++l) traces[std::size_t(l) * n_samples + k] = v[l];
    }
  }

  alignas(64) double all_stats[W * hh::kStatDim];
  acc.finish(all_stats, hh::kStatDim);
  std::copy(all_stats, all_stats + std::size_t(count) * hh::kStatDim, stats);
}

// Runs the kernel over all rows: groups of kHHLanes rows in parallel.
void run_groups(const MatrixD& theta, const HHProtocol& protocol, std::uint64_t seed,
                std::uint64_t offset, MatrixD& stats, MatrixD* traces) {
  require_shape("hh_simulate_batch: theta", theta, -1, hh::kThetaDim);
  protocol.validate();
  const HHStatWindows windows = protocol.windows();
  const Index rows = theta.rows();
  const Index groups = (rows + kHHLanes - 1) / kHHLanes;
  parallel_for(groups, 1, [&](Index begin, Index end) {
    for (Index g = begin; g < end; ++g) {
      const Index first = g * kHHLanes;
      const int count = static_cast<int>(std::min<Index>(kHHLanes, rows - first));
      simulate_lanes<kHHLanes>(theta, first, count, protocol, windows, seed, offset,
                               stats.row(first).data(),
                               traces ? traces->row(first).data() : nullptr);
    }
  });
}

}  // namespace

MatrixD hh_simulate_batch(const MatrixD& theta, const HHProtocol& protocol, std::uint64_t seed,
                          std::uint64_t stream_offset) {
  MatrixD stats(theta.rows(), hh::kStatDim);
  run_groups(theta, protocol, seed, stream_offset, stats, nullptr);
  return stats;
}

MatrixD hh_simulate_traces(const MatrixD& theta, const HHProtocol& protocol, std::uint64_t seed,
                           std::uint64_t stream_offset) {
  MatrixD stats(theta.rows(), hh::kStatDim);
  MatrixD traces(theta.rows(), static_cast<Index>(protocol.size()));
  run_groups(theta, protocol, seed, stream_offset, stats, &traces);
  return traces;
}

}  // namespace sbi::sim
