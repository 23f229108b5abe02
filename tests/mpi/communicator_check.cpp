// Checks the Communicator under `mpirun -np N` (and as one rank): rank/size, the row split,
// allgather in rank order, broadcast, any/max, and the rank-ordered sum. Exits non-zero on a
// failed check, printing which.
#include <cstdio>
#include <numeric>

#include "core/communicator.hpp"

namespace {
int failures = 0;
void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "rank %d: check failed: %s\n", sbi::Communicator::world().rank(), what);
    ++failures;
  }
}
}  // namespace

int main(int argc, char** argv) {
  sbi::MpiSession session(&argc, &argv);
  const auto& comm = sbi::Communicator::world();
  const int r = comm.rank(), n = comm.size();
  // The blocks of a split cover [0, 10) in order, without gaps.
  sbi::Index next = 0;
  for (int k = 0; k < n; ++k) {
    const auto block = sbi::rows_of_rank(10, k, n);
    check(block.begin == next, "rows_of_rank blocks are contiguous");
    next = block.end;
  }
  check(next == 10, "rows_of_rank covers every row");
  // allgather: rank k contributes k+1 copies of the value k.
  std::vector<int> mine(static_cast<std::size_t>(r + 1), r);
  const auto parts = comm.allgather(sbi::as_bytes_of(mine));
  check(static_cast<int>(parts.size()) == n, "allgather returns one part per rank");
  for (int k = 0; k < static_cast<int>(parts.size()); ++k) {
    const auto values = sbi::values_from_bytes<int>(parts[k]);
    check(static_cast<int>(values.size()) == k + 1, "allgather keeps each part's length");
    for (int v : values) check(v == k, "allgather keeps rank order");
  }
  std::vector<std::byte> message;
  if (comm.is_root()) message = {std::byte{7}, std::byte{8}, std::byte{9}};
  comm.broadcast(message);
  check(message.size() == 3 && message[2] == std::byte{9}, "broadcast delivers root's bytes");
  check(comm.any(r == n - 1), "any() sees the last rank's flag");
  check(comm.max(r) == n - 1, "max() is the largest rank");
  std::vector<double> sum{1.0 * r, 1.0};
  comm.allreduce_sum_in_rank_order(sum);
  check(sum[0] == n * (n - 1) / 2.0 && sum[1] == n, "allreduce_sum_in_rank_order sums every rank");
  comm.barrier();
  if (r == 0) std::printf("communicator: %d rank(s), %s\n", n, failures ? "FAILED" : "ok");
  return failures ? 1 : 0;
}
