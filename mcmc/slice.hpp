// Vectorised slice sampling (Neal 2003, step-out and shrink, one coordinate at a time), all
// chains in lockstep.
//
// One step of a chain sweeps its coordinates in a random order. For coordinate d with width w_d:
// draw the slice height log y = log p(x) − Exp(1); place [L, R] of length w_d uniformly around
// x_d; step out L ← L − w_d while log p(L) > log y (at most J times) and R ← R + w_d (at most K
// times, J + K = m − 1 split at random, which keeps detailed balance); then draw x'_d uniformly
// in [L, R], accept if log p(x') > log y, otherwise shrink the bracket towards x_d and redraw.
// Every chain runs its own step-out/shrink, but each round of density calls is ONE batched call
// over the chains still active (left and right ends together). During warm-up, w_d of each
// chain becomes the running mean of its step-out bracket widths R − L (as in sbi).
#pragma once
#include "mcmc/log_density.hpp"
#include "mcmc/options.hpp"
#include "mcmc/result.hpp"

namespace sbi::mcmc {

struct SliceSettings {
  double initial_width = 0.1;     // w_d before tuning
  Index max_step_out = 50;        // m after warm-up
  Index warmup_max_step_out = 1000;  // m during warm-up (widths may start far too small)
  Index max_shrink = 200;         // safety bound: keep x_d after this many rejections
};

// init: num_chains × D starts with finite log-density.
McmcResult slice_sample(const LogDensity& density, const MatrixD& init, const McmcRunSettings& options,
                        const SliceSettings& slice = {});

}  // namespace sbi::mcmc
