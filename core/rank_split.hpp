// Embarrassingly parallel stages over MPI ranks: items 0..n−1 (observations of a benchmark,
// calibration pairs, MCMC chains, ensemble members) are split by index with rows_of_rank, each
// rank computes its block, and every rank receives all results in index order. An item's result
// is a row of `width` doubles; item i's computation must depend only on i (its own seed), so the
// gathered matrix is the same for any number of ranks, and the same as one process.
//
// Each rank runs its items inside a RankLocalScope, so library code they call (e.g. a classifier
// trained by nn::train) runs on that rank alone. An exception on any rank ends the stage on
// every rank: the failing rank rethrows its own error, the others throw a ValueError naming it.
#pragma once
#include <functional>

#include "core/communicator.hpp"
#include "core/tensor.hpp"

namespace sbi {

// Runs item(i, row) for this rank's items (row: `width` doubles to fill, zeroed beforehand) and
// returns the n × width matrix of every item's row, on every rank. With one rank, a plain loop.
MatrixD gather_items_over_ranks(Index n, Index width, const std::function<void(Index i, double* row)>& item,
                                const Communicator& ranks = Communicator::current());

}  // namespace sbi
