// Row blocks over ranks, gathered in rank order (see the header).
#include "datasets/simulate_over_ranks.hpp"

#include <cstring>
#include <exception>

#include "core/errors.hpp"
#include "external/external_simulator.hpp"

namespace sbi::sim {
namespace {

// Rank r's rows: rows_of_rank over whole units of `unit` rows (an external simulator's batch),
// so that every batch holds the rows it holds in one process.
RowBlock block_of_rank(Index n, Index unit, int rank, int size) {
  const RowBlock units = rows_of_rank((n + unit - 1) / unit, rank, size);
  return {std::min(n, units.begin * unit), std::min(n, units.end * unit)};
}

}  // namespace

MatrixD simulate_over_ranks(const Task& task, const MatrixD& theta, std::uint64_t seed, const Communicator& comm) {
  require_shape("simulate_over_ranks: theta", theta, -1, task.theta_dim());
  if (!task.simulator) throw ValueError("task '" + task.name + "' has no simulator");
  const auto* external = dynamic_cast<const ExternalSimulator*>(task.simulator.get());
  const Index unit = external ? external->options().batch_rows : 1;
  const RowBlock mine = block_of_rank(theta.rows(), unit, comm.rank(), comm.size());
  // Row-major bytes of this rank's block, led by its width (0 when the block is empty).
  std::vector<double> block{0.0};
  std::exception_ptr error;
  try {
    if (mine.size() > 0) {
      const MatrixD x = task.simulator->simulate(theta.middleRows(mine.begin, mine.size()), seed,
                                                 static_cast<std::uint64_t>(mine.begin));
      require_shape("simulate_over_ranks: x", x, mine.size(), -1);
      block.assign(1 + static_cast<std::size_t>(x.size()), static_cast<double>(x.cols()));
      std::memcpy(block.data() + 1, x.data(), sizeof(double) * static_cast<std::size_t>(x.size()));
    }
  } catch (...) {
    error = std::current_exception();
  }
  if (comm.any(error != nullptr)) {
    if (error) std::rethrow_exception(error);
    throw IOError("simulation failed on another rank (its message says why)");
  }
  const auto blocks = comm.allgather(as_bytes_of(block));
  Index width = 0;
  for (const auto& bytes : blocks) {
    double w = 0;
    std::memcpy(&w, bytes.data(), sizeof w);
    if (w > 0 && width > 0 && static_cast<Index>(w) != width)
      throw ValueError("simulate_over_ranks: ranks returned x of different widths");
    if (w > 0) width = static_cast<Index>(w);
  }
  MatrixD x(theta.rows(), width);
  for (int r = 0; r < comm.size(); ++r) {
    const RowBlock b = block_of_rank(theta.rows(), unit, r, comm.size());
    const auto values = values_from_bytes<double>(blocks[static_cast<std::size_t>(r)]);
    if (b.size() > 0)
      std::memcpy(x.row(b.begin).data(), values.data() + 1, sizeof(double) * static_cast<std::size_t>(b.size() * width));
  }
  return x;
}

}  // namespace sbi::sim
