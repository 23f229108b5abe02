// One chain's Metropolis–Hastings and slice steps, written once for host and device
// (core/host_device.hpp): a GPU thread of cuda::BatchedSampler owns one chain, its state and its
// Philox stream (core/philox_stream.hpp), and calls these with a log-density functor
// f(x) → double; on the host they are tested as they are. (The CPU samplers of mcmc/ run all
// chains in lockstep with one batched density call per round and Boost draws, so they have no
// per-chain twin of these.)
//
// Random-walk Metropolis–Hastings: x' = x + s ⊙ ξ, ξ ~ N(0, I); accept when
//   log u < log p(x') - log p(x),  u ~ U(0, 1).
// Slice sampling (Neal 2003), one coordinate at a time in order d = 0..D-1 (each coordinate
// update leaves p invariant): log y = log p(x) - Exp(1); [L, R] of width w_d placed uniformly
// around x_d; step out with a random split J + K = m - 1; then draw x'_d ~ U[L, R], accept when
// log p(x') > log y, otherwise shrink the bracket towards x_d (at most max_shrink times).
#pragma once
#include "core/philox_stream.hpp"

namespace sbi::mcmc {

enum class StepMethod : int { Metropolis = 0, Slice = 1 };

// One MH step; x and proposal hold dim values; returns whether the proposal was accepted.
template <class LogDensity>
SBI_HD bool mh_step(const LogDensity& f, double* x, double& logp, double* proposal, int dim,
                    const double* step_sd, PhiloxStream& rng) {
  for (int d = 0; d < dim; ++d) proposal[d] = x[d] + step_sd[d] * rng.normal();
  const double lp = f(proposal);
  const double log_u = log(rng.uniform_open());
  if (log_u < lp - logp) {
    for (int d = 0; d < dim; ++d) x[d] = proposal[d];
    logp = lp;
    return true;
  }
  return false;
}

// One slice update of coordinate d; returns the number of density evaluations it used.
template <class LogDensity>
SBI_HD int slice_update(const LogDensity& f, double* x, double& logp, int d, double width,
                        int max_step_out, int max_shrink, PhiloxStream& rng) {
  const double x0 = x[d];
  const double log_y = logp - rng.exponential();
  double left = x0 - width * rng.uniform();
  double right = left + width;
  int j = static_cast<int>(floor(double(max_step_out) * rng.uniform()));
  int k = max_step_out - 1 - j;
  int evaluations = 0;
  x[d] = left;
  while (j > 0) {
    ++evaluations;
    if (!(f(x) > log_y)) break;
    left -= width;
    x[d] = left;
    --j;
  }
  x[d] = right;
  while (k > 0) {
    ++evaluations;
    if (!(f(x) > log_y)) break;
    right += width;
    x[d] = right;
    --k;
  }
  for (int round = 0; round < max_shrink; ++round) {
    const double candidate = left + (right - left) * rng.uniform();
    x[d] = candidate;
    const double lp = f(x);
    ++evaluations;
    if (lp > log_y) {
      logp = lp;
      return evaluations;
    }
    if (candidate < x0) left = candidate;
    else right = candidate;
  }
  x[d] = x0;  // safety bound reached: keep the old value
  return evaluations;
}

template <class LogDensity>
SBI_HD int slice_sweep(const LogDensity& f, double* x, double& logp, int dim, const double* width,
                       int max_step_out, int max_shrink, PhiloxStream& rng) {
  int evaluations = 0;
  for (int d = 0; d < dim; ++d)
    evaluations += slice_update(f, x, logp, d, width[d], max_step_out, max_shrink, rng);
  return evaluations;
}

}  // namespace sbi::mcmc
