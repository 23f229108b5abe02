// Data-parallel training steps over MPI ranks. The trainer cuts each minibatch into k chunks
// (k depends only on the batch size, never on the number of ranks or threads); rank r computes
// the chunks rows_of_rank(k, r, N) and this exchange gives every rank every chunk's loss and
// gradient, which each rank then sums in chunk order 0, 1, …, k−1:
//     grad = ((0 + g_0) + g_1) + … + g_{k−1},   loss = Σ_c w_c·L_c (same order),
// exactly the float operations of one process. So weights are bit-identical for N = 1, 2, 3, …
// and every rank takes the same optimizer step and early-stopping decision. With k < N some
// ranks have no chunk that step; with k = 1 every rank computes the single chunk itself.
//
// Message: one record per chunk, [loss (double) | failed (u64) | ∂loss/∂params (float, params in
// list order)],
// gathered in place with one MPI_Allgatherv per step (validation: losses only). Buffers are
// sized once; one rank (no MPI, or inside a RankLocalScope) never touches them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/communicator.hpp"
#include "nn/parameter.hpp"

namespace sbi::nn {

class ChunkExchange {
 public:
  ChunkExchange(const ParamList& params, int max_chunks, const Communicator& comm);

  bool distributed() const { return comm_.is_distributed(); }
  // The chunks of a k-chunk minibatch that this rank computes.
  RowBlock my_chunks(int k) const;
  // After this rank filled its chunks' losses (chunk_loss[c]), failure flags (chunk_failed[c]:
  // the loss threw) and, when `training`, their gradient slots: every rank receives every
  // chunk's loss, flag and gradient slot.
  void exchange(int k, bool training, std::span<double> chunk_loss, std::span<std::uint8_t> chunk_failed);
  // Whether any rank's flag is set (one chunk computed by every rank; a collective).
  bool any_rank_failed(bool mine) const { return comm_.any(mine); }

 private:
  static constexpr std::size_t kHeader = 2 * sizeof(double);
  std::size_t record_bytes(bool training) const { return training ? training_record_ : kHeader; }
  void pack(int c, bool training, double loss, std::uint8_t failed);
  void unpack(int c, bool training, double& loss, std::uint8_t& failed) const;

  const ParamList& params_;
  const Communicator& comm_;
  std::size_t training_record_ = 0;  // bytes per chunk record with gradients (multiple of 8)
  std::vector<std::byte> buffer_;    // max_chunks records
  std::vector<int> counts_, offsets_;
};

// Refuses (ValueError) to train when the ranks disagree on the data or the initial weights:
// data-parallel steps need every rank to hold the same training set and network.
void check_ranks_agree(const std::vector<const MatrixF*>& data, const ParamList& params,
                       std::uint64_t seed, const Communicator& comm);

}  // namespace sbi::nn
