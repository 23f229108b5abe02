// Philox4x32-10: the counter-based random bit generator of Salmon et al. (SC'11), also used by
// cuRAND on the GPU. Output block i of stream s under key k is a pure function
//   philox(counter = (i_lo, i_hi, s_lo, s_hi), key = k),
// so stream (seed, id) is independent of which thread draws it or in which order streams run.
// It satisfies the UniformRandomBitGenerator concept, so Boost.Random distributions accept it.
// The block function philox4x32_10 is written once for host and device (core/host_device.hpp):
// Philox4x32 here and the GPU's PhiloxStream (core/philox_stream.hpp) both call it.
#pragma once
#include <array>
#include <cstdint>

#include "core/host_device.hpp"

namespace sbi {

struct PhiloxBlock {
  uint32_t v[4];
};

// 10 rounds of the Philox S-box over the 128-bit counter ctr under key (k0, k1).
SBI_HD PhiloxBlock philox4x32_10(PhiloxBlock ctr, uint32_t k0, uint32_t k1) {
  const uint32_t kMul0 = 0xD2511F53u, kMul1 = 0xCD9E8D57u;
  const uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    const uint64_t p0 = uint64_t(kMul0) * ctr.v[0];
    const uint64_t p1 = uint64_t(kMul1) * ctr.v[2];
    PhiloxBlock next;
    next.v[0] = uint32_t(p1 >> 32) ^ ctr.v[1] ^ k0;
    next.v[1] = uint32_t(p1);
    next.v[2] = uint32_t(p0 >> 32) ^ ctr.v[3] ^ k1;
    next.v[3] = uint32_t(p0);
    ctr = next;
    k0 += kWeyl0;
    k1 += kWeyl1;
  }
  return ctr;
}

class Philox4x32 {
 public:
  using result_type = std::uint32_t;

  Philox4x32(std::uint64_t seed = 0, std::uint64_t stream = 0) { set(seed, stream); }

  // Positions the generator at the start of stream `stream` under key `seed`.
  void set(std::uint64_t seed, std::uint64_t stream) {
    key_ = {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
    counter_ = {0u, 0u, static_cast<std::uint32_t>(stream),
                static_cast<std::uint32_t>(stream >> 32)};
    used_ = 4;  // the output buffer is empty
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return 0xffffffffu; }

  result_type operator()() {
    if (used_ == 4) refill();
    return block_[used_++];
  }

  // Skips n 32-bit outputs in O(1) arithmetic plus at most one block.
  void discard(std::uint64_t n) {
    while (n > 0 && used_ < 4) { ++used_; --n; }
    std::uint64_t blocks = n / 4;
    advance_counter(blocks);
    for (std::uint64_t r = n % 4; r > 0; --r) (*this)();
  }

  // The raw block function (philox4x32_10 above).
  static std::array<std::uint32_t, 4> block(std::array<std::uint32_t, 4> ctr,
                                            std::array<std::uint32_t, 2> key) {
    const PhiloxBlock out = philox4x32_10({{ctr[0], ctr[1], ctr[2], ctr[3]}}, key[0], key[1]);
    return {out.v[0], out.v[1], out.v[2], out.v[3]};
  }

 private:
  void refill() {
    block_ = block(counter_, key_);
    advance_counter(1);
    used_ = 0;
  }
  void advance_counter(std::uint64_t n) {
    std::uint64_t lo = (std::uint64_t(counter_[1]) << 32 | counter_[0]) + n;
    counter_[0] = static_cast<std::uint32_t>(lo);
    counter_[1] = static_cast<std::uint32_t>(lo >> 32);
  }

  std::array<std::uint32_t, 2> key_{};
  std::array<std::uint32_t, 4> counter_{};
  std::array<std::uint32_t, 4> block_{};
  int used_ = 4;
};

}  // namespace sbi
