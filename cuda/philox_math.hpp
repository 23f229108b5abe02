// Philox4x32-10 random streams for host and device (see hd.hpp), the same bits as
// core/philox.hpp: block i of stream s under key k is philox(counter = (i_lo, i_hi, s_lo, s_hi),
// key = (k_lo, k_hi)). A PhiloxStream(seed, s) yields exactly the 32-bit words of
// sbi::Philox4x32(seed, s) and uniform() equals sbi::Rng::uniform() bit for bit:
//   u = (next_u64 >> 11)·2⁻⁵³,  next_u64 = hi << 32 | lo (two consecutive words).
// normal() is Box–Muller on two open uniforms, N = √(-2 log u₁)·cos(2π u₂) (the second value
// is cached), and exponential() = -log(u_open): these are exact in distribution but are not the
// Boost draws of sbi::Rng, so GPU streams equal CPU streams in their uniforms only.
#pragma once
#include "cuda/hd.hpp"

namespace sbi::cuda {

struct PhiloxBlock {
  uint32_t v[4];
};

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

class PhiloxStream {
 public:
  SBI_HD PhiloxStream(uint64_t seed, uint64_t stream)
      : k0_(uint32_t(seed)), k1_(uint32_t(seed >> 32)), s0_(uint32_t(stream)),
        s1_(uint32_t(stream >> 32)), block_index_(0), used_(4), have_spare_(false), spare_(0) {}

  SBI_HD uint32_t next_u32() {
    if (used_ == 4) {
      PhiloxBlock c;
      c.v[0] = uint32_t(block_index_);
      c.v[1] = uint32_t(block_index_ >> 32);
      c.v[2] = s0_;
      c.v[3] = s1_;
      block_ = philox4x32_10(c, k0_, k1_);
      ++block_index_;
      used_ = 0;
    }
    return block_.v[used_++];
  }
  SBI_HD uint64_t next_u64() {
    const uint64_t hi = next_u32();
    return hi << 32 | next_u32();
  }
  // U[0, 1) with 53 random bits (as sbi::Rng::uniform).
  SBI_HD double uniform() { return double(next_u64() >> 11) * 0x1.0p-53; }
  // U(0, 1), never 0 (as sbi::Rng::uniform_open).
  SBI_HD double uniform_open() { return (double(next_u64() >> 11) + 0.5) * 0x1.0p-53; }
  SBI_HD double exponential() { return -log(uniform_open()); }
  SBI_HD double normal() {
    if (have_spare_) {
      have_spare_ = false;
      return spare_;
    }
    const double r = sqrt(-2.0 * log(uniform_open()));
    const double angle = 6.283185307179586 * uniform();
    spare_ = r * sin(angle);
    have_spare_ = true;
    return r * cos(angle);
  }

 private:
  uint32_t k0_, k1_, s0_, s1_;
  uint64_t block_index_;
  PhiloxBlock block_;
  int used_;
  bool have_spare_;
  double spare_;
};

}  // namespace sbi::cuda
