// The ranks of one job. Built with MPI (CMake SBI_MPI) and started by `mpirun -np N` or `srun`,
// the world holds N ranks; otherwise (or without MPI) it holds one rank, rank 0, and every
// collective is a copy. Collectives return every rank's contribution in rank order, so callers
// combine them in a fixed order and results never depend on N.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "core/tensor.hpp"

namespace sbi {

// One block of a split of [0, n) over ranks: rows [begin, end).
struct RowBlock {
  Index begin = 0;
  Index end = 0;
  Index size() const { return end - begin; }
};

// The contiguous block of [0, n) that rank `rank` of `size` owns: the first n % size ranks own
// one row more. Depends only on (n, rank, size).
RowBlock rows_of_rank(Index n, int rank, int size);

class Communicator {
 public:
  // The job's ranks (MPI_COMM_WORLD when running under MPI; one rank otherwise).
  static Communicator& world();
  // This rank alone: rank 0 of 1, every collective a copy.
  static Communicator& self();
  // The ranks that library code (e.g. the trainer's data-parallel steps) works with: world(),
  // or self() inside a RankLocalScope (a stage whose items are already split over ranks).
  static Communicator& current();

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool is_root() const { return rank_ == 0; }
  bool is_distributed() const { return size_ > 1; }

  void barrier() const;
  // Every rank receives `root`'s bytes (resized to match).
  void broadcast(std::vector<std::byte>& bytes, int root = 0) const;
  // Every rank contributes `mine` (any length); every rank receives all contributions, in rank order.
  std::vector<std::vector<std::byte>> allgather(std::span<const std::byte> mine) const;
  // Sum over ranks of `values`, added in rank order 0, 1, ..., N-1 on every rank (deterministic
  // for a given N; callers that need N-independence sum fixed chunks, not ranks).
  void allreduce_sum_in_rank_order(std::span<double> values) const;
  // Allocation-free allgather: rank r's part is counts[r] bytes at offsets[r] of `all` (already
  // in place there); afterwards every rank's `all` holds every part. counts/offsets have size().
  void allgather_in_place(std::span<std::byte> all, std::span<const int> counts,
                          std::span<const int> offsets) const;
  // Logical OR / maximum over ranks (agreement on stop flags and error states).
  bool any(bool mine) const;
  std::int64_t max(std::int64_t mine) const;

 private:
  Communicator(int rank, int size) : rank_(rank), size_(size) {}
  int rank_;
  int size_;
};

// Within this scope (on every thread) Communicator::current() is self(): work split over ranks
// by the caller (observations of a benchmark, members of an ensemble) runs on this rank alone.
class RankLocalScope {
 public:
  RankLocalScope();
  ~RankLocalScope();
  RankLocalScope(const RankLocalScope&) = delete;
  RankLocalScope& operator=(const RankLocalScope&) = delete;
};

// Whether this build has MPI (SBI_MPI).
bool built_with_mpi();

// Whether a process launcher started this process as one of a job's ranks: mpirun/mpiexec
// (Open MPI, MPICH, Intel MPI) or srun set one of OMPI_COMM_WORLD_SIZE, PMI_SIZE, PMIX_RANK;
// SBI_MPI_INIT=1 forces yes, SBI_MPI_INIT=0 no.
bool started_by_mpi_launcher();

// MPI's lifetime for a program: initialises MPI in the constructor (when built with MPI and
// started by a launcher: a program started directly never loads MPI) and finalises it in the
// destructor. Construct once, first thing in main().
class MpiSession {
 public:
  MpiSession(int* argc, char*** argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
};

// Ends every rank at once after an unrecoverable error on one rank (MPI_Abort; std::exit alone).
[[noreturn]] void abort_all_ranks(int exit_code);

// Helpers to move plain values through the byte collectives.
template <class T>
std::span<const std::byte> as_bytes_of(const std::vector<T>& v) {
  return std::as_bytes(std::span<const T>(v.data(), v.size()));
}
template <class T>
std::vector<T> values_from_bytes(const std::vector<std::byte>& bytes) {
  std::vector<T> out(bytes.size() / sizeof(T));
  if (!out.empty()) std::memcpy(out.data(), bytes.data(), out.size() * sizeof(T));
  return out;
}

}  // namespace sbi
