// The chains of one MCMC run split over MPI ranks. Chain c always uses the random stream
// Rng(seed, first_stream + c) and its own adaptation, so a block of chains run on its own gives
// the same draws as inside the whole batch: rank r runs chains rows_of_rank(C, r, N) (their
// starts, first_stream shifted by the block's first chain, the same draws per chain) and every
// rank receives all chains' draws, acceptance rates, step sizes, divergences and tree depths in
// chain order. density_calls and density_rows are summed over ranks (the batched call count
// depends on how chains are grouped; the draws do not). Runs everything here with one rank,
// or when there are fewer chains than ranks. run_sampler uses it for slice sampling only: the
// MH, HMC and NUTS draws of a chain still change in the last bits with the batch of chains it
// runs in (e.g. NRE at 2 ranks), so those run whole on every rank.
#pragma once
#include <functional>

#include "core/communicator.hpp"
#include "mcmc/options.hpp"
#include "mcmc/result.hpp"

namespace sbi::mcmc {

using ChainBlockRunner = std::function<McmcResult(const MatrixD& init, const McmcOptions& block)>;

McmcResult run_chains_over_ranks(const ChainBlockRunner& run, const MatrixD& init, const McmcOptions& options,
                                 const Communicator& ranks = Communicator::current());

}  // namespace sbi::mcmc
