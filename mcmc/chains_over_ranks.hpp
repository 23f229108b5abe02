// The chains of one MCMC run split over MPI ranks. Chain c always uses the random stream
// Rng(seed, first_stream + c) and its own adaptation, so a block of chains run on its own
// follows the same path as inside the whole batch, provided the batched density gives each
// chain's row the same bits. It does when every density call holds all the block's chains and
// blocks are whole panels of kChainPanel = 16 chains: Eigen's products and vectorised maths
// treat the rows of a batch in packets, and the trailing rows (n mod the packet size) by other
// kernels with other last bits; with blocks of 16k chains only the last block has such rows,
// the same chains as in the whole batch. (Blocks of 5 of 10 chains differ in the last bits;
// tests/mpi checks 20 chains of MH sampling at 1, 2 and 3 ranks.) Slice, HMC and NUTS
// evaluate only the chains still active in a step-out, shrink or trajectory, so a chain's row
// position depends on the other chains even in one process; run_sampler therefore splits MH
// chains only.
//
// Rank r runs the chain panels rows_of_rank(⌈C/16⌉, r, N) (their starts, first_stream shifted
// by the block's first chain, the same draws per chain) and every rank receives all chains'
// draws, acceptance rates, step sizes, divergences and tree depths in chain order.
// density_calls and density_rows are summed over ranks (the number of batched calls depends on
// the grouping; the draws do not). With one rank, or fewer than two panels, every rank runs
// every chain; a rank without a panel runs none.
#pragma once
#include <functional>

#include "core/communicator.hpp"
#include "mcmc/options.hpp"
#include "mcmc/result.hpp"

namespace sbi::mcmc {

inline constexpr Index kChainPanel = 16;

using ChainBlockRunner = std::function<McmcResult(const MatrixD& init, const McmcRunSettings& block)>;

McmcResult run_chains_over_ranks(const ChainBlockRunner& run, const MatrixD& init, const McmcRunSettings& options,
                                 const Communicator& ranks = Communicator::current());

}  // namespace sbi::mcmc
