// Data-parallel training steps over MPI ranks (see chunk_exchange.hpp).
#include "nn/chunk_exchange.hpp"

#include <cstring>
#include <limits>
#include <string>

#include "core/errors.hpp"

namespace sbi::nn {

ChunkExchange::ChunkExchange(const ParamList& params, int max_chunks, const Communicator& comm)
    : params_(params), comm_(comm) {
  if (!comm.is_distributed()) return;
  const std::size_t grad_bytes = sizeof(float) * static_cast<std::size_t>(count_parameters(params));
  training_record_ = (kHeader + grad_bytes + 7) / 8 * 8;
  const std::size_t total = training_record_ * static_cast<std::size_t>(std::max(1, max_chunks));
  if (total > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw ValueError("data-parallel training: " + std::to_string(total) +
                     " bytes of chunk gradients per step exceed one MPI message (2 GiB); use fewer chunks");
  buffer_.resize(total);
  counts_.resize(static_cast<std::size_t>(comm.size()));
  offsets_.resize(static_cast<std::size_t>(comm.size()));
}

RowBlock ChunkExchange::my_chunks(int k) const { return rows_of_rank(k, comm_.rank(), comm_.size()); }

void ChunkExchange::pack(int c, bool training, double loss, std::uint8_t failed) {
  std::byte* record = buffer_.data() + record_bytes(training) * static_cast<std::size_t>(c);
  const std::uint64_t flag = failed;
  std::memcpy(record, &loss, sizeof(double));
  std::memcpy(record + sizeof(double), &flag, sizeof flag);
  if (!training) return;
  std::byte* at = record + kHeader;
  for (const auto& np : params_) {
    const MatrixF& slot = np.param->slots[static_cast<std::size_t>(c)];
    const std::size_t bytes = sizeof(float) * static_cast<std::size_t>(slot.size());
    std::memcpy(at, slot.data(), bytes);
    at += bytes;
  }
}

void ChunkExchange::unpack(int c, bool training, double& loss, std::uint8_t& failed) const {
  const std::byte* record = buffer_.data() + record_bytes(training) * static_cast<std::size_t>(c);
  std::uint64_t flag = 0;
  std::memcpy(&loss, record, sizeof(double));
  std::memcpy(&flag, record + sizeof(double), sizeof flag);
  failed = flag != 0;
  if (!training) return;
  const std::byte* at = record + kHeader;
  for (const auto& np : params_) {
    MatrixF& slot = np.param->slots[static_cast<std::size_t>(c)];
    const std::size_t bytes = sizeof(float) * static_cast<std::size_t>(slot.size());
    std::memcpy(slot.data(), at, bytes);
    at += bytes;
  }
}

void ChunkExchange::exchange(int k, bool training, std::span<double> chunk_loss,
                             std::span<std::uint8_t> chunk_failed) {
  if (!distributed()) return;
  const RowBlock mine = my_chunks(k);
  for (Index c = mine.begin; c < mine.end; ++c)
    pack(static_cast<int>(c), training, chunk_loss[static_cast<std::size_t>(c)], chunk_failed[static_cast<std::size_t>(c)]);
  const std::size_t record = record_bytes(training);
  for (int r = 0; r < comm_.size(); ++r) {
    const RowBlock theirs = rows_of_rank(k, r, comm_.size());
    counts_[static_cast<std::size_t>(r)] = static_cast<int>(record * static_cast<std::size_t>(theirs.size()));
    offsets_[static_cast<std::size_t>(r)] = static_cast<int>(record * static_cast<std::size_t>(theirs.begin));
  }
  comm_.allgather_in_place(std::span<std::byte>(buffer_.data(), record * static_cast<std::size_t>(k)),
                           counts_, offsets_);
  for (int c = 0; c < k; ++c)
    if (c < mine.begin || c >= mine.end)
      unpack(c, training, chunk_loss[static_cast<std::size_t>(c)], chunk_failed[static_cast<std::size_t>(c)]);
}

namespace {
// FNV-1a over bytes: a fingerprint, not a security hash.
std::uint64_t fnv1a(std::uint64_t h, const void* data, std::size_t bytes) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < bytes; ++i) h = (h ^ p[i]) * 0x100000001b3ULL;
  return h;
}
}  // namespace

void check_ranks_agree(const std::vector<const MatrixF*>& data, const ParamList& params,
                       std::uint64_t seed, const Communicator& comm) {
  if (!comm.is_distributed()) return;
  std::uint64_t h = fnv1a(0xcbf29ce484222325ULL, &seed, sizeof seed);
  for (const MatrixF* m : data) {
    const Index shape[2] = {m->rows(), m->cols()};
    h = fnv1a(h, shape, sizeof shape);
    h = fnv1a(h, m->data(), sizeof(float) * static_cast<std::size_t>(m->size()));
  }
  for (const auto& np : params) h = fnv1a(h, np.param->value.data(), sizeof(float) * static_cast<std::size_t>(np.param->value.size()));
  const std::vector<std::uint64_t> mine{h};
  const auto all = comm.allgather(as_bytes_of(mine));
  for (int r = 1; r < comm.size(); ++r)
    if (all[static_cast<std::size_t>(r)] != all[0])
      throw ValueError("data-parallel training: rank " + std::to_string(r) +
                       " holds other training data or initial weights than rank 0 (every rank must "
                       "build the same data set and network from the same seeds)");
}

}  // namespace sbi::nn
