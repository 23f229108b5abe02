// The job's ranks: MPI collectives when built with SBI_MPI and started under mpirun/srun; the
// one-rank copies otherwise. See communicator.hpp.
#include "core/communicator.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string>

#include "core/errors.hpp"

#ifdef SBI_HAVE_MPI
#include <mpi.h>
#endif

namespace sbi {

RowBlock rows_of_rank(Index n, int rank, int size) {
  if (size < 1 || rank < 0 || rank >= size || n < 0) throw ValueError("rows_of_rank: bad rank/size/n");
  const Index base = n / size, extra = n % size;
  const Index begin = rank * base + std::min<Index>(rank, extra);
  return {begin, begin + base + (rank < extra ? 1 : 0)};
}

namespace {
std::atomic<int> g_rank_local_depth{0};
}  // namespace

Communicator& Communicator::self() {
  static Communicator comm(0, 1);
  return comm;
}

Communicator& Communicator::current() { return g_rank_local_depth.load() > 0 ? self() : world(); }

RankLocalScope::RankLocalScope() { ++g_rank_local_depth; }
RankLocalScope::~RankLocalScope() { --g_rank_local_depth; }

bool built_with_mpi() {
#ifdef SBI_HAVE_MPI
  return true;
#else
  return false;
#endif
}

bool started_by_mpi_launcher() {
  if (const char* forced = std::getenv("SBI_MPI_INIT"); forced && *forced) return std::string(forced) != "0";
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

#ifdef SBI_HAVE_MPI

namespace {
bool mpi_running() {
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  return initialized && !finalized;
}
}  // namespace

Communicator& Communicator::world() {
  static Communicator comm = [] {
    if (!mpi_running()) return Communicator(0, 1);
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    return Communicator(rank, size);
  }();
  return comm;
}

void Communicator::barrier() const {
  if (size_ > 1) MPI_Barrier(MPI_COMM_WORLD);
}

void Communicator::broadcast(std::vector<std::byte>& bytes, int root) const {
  if (size_ == 1) return;
  long long n = static_cast<long long>(bytes.size());
  MPI_Bcast(&n, 1, MPI_LONG_LONG, root, MPI_COMM_WORLD);
  bytes.resize(static_cast<std::size_t>(n));
  if (n > 0) MPI_Bcast(bytes.data(), static_cast<int>(n), MPI_BYTE, root, MPI_COMM_WORLD);
}

std::vector<std::vector<std::byte>> Communicator::allgather(std::span<const std::byte> mine) const {
  if (size_ == 1) return {std::vector<std::byte>(mine.begin(), mine.end())};
  const int n = static_cast<int>(mine.size());
  std::vector<int> counts(size_), offsets(size_, 0);
  MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
  for (int r = 1; r < size_; ++r) offsets[r] = offsets[r - 1] + counts[r - 1];
  std::vector<std::byte> all(static_cast<std::size_t>(offsets.back() + counts.back()));
  MPI_Allgatherv(mine.data(), n, MPI_BYTE, all.data(), counts.data(), offsets.data(), MPI_BYTE,
                 MPI_COMM_WORLD);
  std::vector<std::vector<std::byte>> out(size_);
  for (int r = 0; r < size_; ++r) out[r].assign(all.begin() + offsets[r], all.begin() + offsets[r] + counts[r]);
  return out;
}

void Communicator::allgather_in_place(std::span<std::byte> all, std::span<const int> counts,
                                      std::span<const int> offsets) const {
  if (size_ == 1) return;
  if (counts.size() != static_cast<std::size_t>(size_) || offsets.size() != counts.size())
    throw ShapeError("allgather_in_place: counts and offsets need one entry per rank");
  MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, all.data(), counts.data(), offsets.data(),
                 MPI_BYTE, MPI_COMM_WORLD);
}

bool Communicator::any(bool mine) const {
  if (size_ == 1) return mine;
  int in = mine ? 1 : 0, out = 0;
  MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return out != 0;
}

std::int64_t Communicator::max(std::int64_t mine) const {
  if (size_ == 1) return mine;
  long long in = mine, out = 0;
  MPI_Allreduce(&in, &out, 1, MPI_LONG_LONG, MPI_MAX, MPI_COMM_WORLD);
  return out;
}

MpiSession::MpiSession(int* argc, char*** argv) {
  if (!started_by_mpi_launcher()) return;
  int provided = 0;
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  (void)Communicator::world();
}

MpiSession::~MpiSession() {
  if (mpi_running()) MPI_Finalize();
}

void abort_all_ranks(int exit_code) {
  if (mpi_running() && Communicator::world().size() > 1) MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::exit(exit_code);
}

#else  // one rank, no MPI

Communicator& Communicator::world() {
  static Communicator comm(0, 1);
  return comm;
}
void Communicator::barrier() const {}
void Communicator::broadcast(std::vector<std::byte>&, int) const {}
std::vector<std::vector<std::byte>> Communicator::allgather(std::span<const std::byte> mine) const {
  return {std::vector<std::byte>(mine.begin(), mine.end())};
}
void Communicator::allgather_in_place(std::span<std::byte>, std::span<const int>,
                                      std::span<const int>) const {}
bool Communicator::any(bool mine) const { return mine; }
std::int64_t Communicator::max(std::int64_t mine) const { return mine; }
MpiSession::MpiSession(int*, char***) {}
MpiSession::~MpiSession() {}
void abort_all_ranks(int exit_code) { std::exit(exit_code); }

#endif

// Written once for both builds on top of allgather: rank r's values are added in rank order.
void Communicator::allreduce_sum_in_rank_order(std::span<double> values) const {
  if (size_ == 1) return;
  const auto parts = allgather(std::as_bytes(values));
  std::fill(values.begin(), values.end(), 0.0);
  for (const auto& part : parts) {
    if (part.size() != values.size_bytes()) throw ShapeError("allreduce_sum_in_rank_order: ranks disagree on the length");
    const auto* p = reinterpret_cast<const double*>(part.data());
    for (std::size_t i = 0; i < values.size(); ++i) values[i] += p[i];
  }
}

}  // namespace sbi
