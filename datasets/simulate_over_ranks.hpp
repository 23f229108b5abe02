// Simulating one θ matrix over the job's ranks (core/communicator.hpp): rank r simulates the
// rows rows_of_rank(n, r, N) with stream offset = their first row (for an external simulator,
// whole batches of its batch_rows: rows_of_rank over batches, so each batch, and hence each
// failed batch, holds the rows it holds in one process), so row i draws from
// Rng(seed, i) wherever it runs, and the blocks are gathered in rank order. The result is
// bit-identical to task.simulator->simulate(theta, seed) in one process, for any N and any
// thread count. Every rank returns the whole x (n × x_dim).
// External simulators run their worker processes on every rank (each for its block).
// A failure on any rank is an error on every rank (the failing rank's own message there).
#pragma once
#include <cstdint>

#include "core/communicator.hpp"
#include "simulators/task.hpp"

namespace sbi::sim {

MatrixD simulate_over_ranks(const Task& task, const MatrixD& theta, std::uint64_t seed, const Communicator& comm);

}  // namespace sbi::sim
