// A plain, one-chain-at-a-time slice sampler (Neal 2003: step-out with a random J/K split of m
// steps, then shrinkage), written for reading, not speed: the reference for the vectorised
// slice_sample. It consumes chain c's stream Rng(seed, c) in the same order, so for a density
// whose value at a row does not depend on the other rows of the batch it gives bit-identical
// draws; the tests hold the vectorised sampler to that.
#pragma once
#include "mcmc/log_density.hpp"
#include "mcmc/options.hpp"
#include "mcmc/slice.hpp"

namespace sbi::mcmc {

// Draws (draws_per_chain × D) of chain `chain` started at `init` (1 × D); the density is called
// on one row at a time. `width_out`, when given, receives the final slice widths.
MatrixD slice_sample_reference_chain(const LogDensity& density, const RowVectorD& init,
                                     const McmcRunSettings& options, const SliceSettings& slice,
                                     Index chain, RowVectorD* width_out = nullptr);

}  // namespace sbi::mcmc
