// Embarrassingly parallel stages over MPI ranks (see rank_split.hpp).
#include "core/rank_split.hpp"

#include <exception>
#include <string>
#include <vector>

#include "core/errors.hpp"

namespace sbi {

MatrixD gather_items_over_ranks(Index n, Index width, const std::function<void(Index i, double* row)>& item,
                                const Communicator& ranks) {
  if (n < 0 || width < 0) throw ValueError("gather_items_over_ranks: negative item count or width");
  // Row-major rows of my block, then one status value (1: an item failed).
  const RowBlock mine = rows_of_rank(n, ranks.rank(), ranks.size());
  std::vector<double> local(static_cast<std::size_t>(mine.size() * width + 1), 0.0);
  std::exception_ptr error;
  {
    RankLocalScope alone;
    try {
      for (Index i = mine.begin; i < mine.end; ++i) item(i, local.data() + (i - mine.begin) * width);
    } catch (...) {
      error = std::current_exception();
      local.back() = 1;
    }
  }
  MatrixD out(n, width);
  if (!ranks.is_distributed()) {
    if (error) std::rethrow_exception(error);
    for (Index i = 0; i < n; ++i)
      for (Index j = 0; j < width; ++j) out(i, j) = local[static_cast<std::size_t>(i * width + j)];
    return out;
  }
  const auto parts = ranks.allgather(as_bytes_of(local));
  if (error) std::rethrow_exception(error);
  for (int r = 0; r < ranks.size(); ++r) {
    const std::vector<double> values = values_from_bytes<double>(parts[static_cast<std::size_t>(r)]);
    const RowBlock theirs = rows_of_rank(n, r, ranks.size());
    if (values.size() != static_cast<std::size_t>(theirs.size() * width + 1))
      throw ShapeError("gather_items_over_ranks: rank " + std::to_string(r) + " sent " + std::to_string(values.size()) +
                       " values, expected " + std::to_string(theirs.size() * width + 1));
    if (values.back() != 0)
      throw ValueError("a parallel stage failed on MPI rank " + std::to_string(r) + " (that rank printed the error)");
    for (Index i = theirs.begin; i < theirs.end; ++i)
      for (Index j = 0; j < width; ++j)
        out(i, j) = values[static_cast<std::size_t>((i - theirs.begin) * width + j)];
  }
  return out;
}

}  // namespace sbi
