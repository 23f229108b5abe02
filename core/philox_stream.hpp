// Philox random streams for one GPU thread (or one CPU loop), host and device
// (core/host_device.hpp), on the block function of core/philox.hpp: block i of stream s under
// key k is philox(counter = (i_lo, i_hi, s_lo, s_hi), key = (k_lo, k_hi)). A PhiloxStream(seed, s)
// yields exactly the 32-bit words of sbi::Philox4x32(seed, s) and uniform() equals
// sbi::Rng::uniform() bit for bit:
//   u = (next_u64 >> 11)·2⁻⁵³,  next_u64 = hi << 32 | lo (two consecutive words).
// normal() is Box–Muller on two open uniforms, N = √(-2 log u₁)·cos(2π u₂) (the second value
// is cached), and exponential() = -log(u_open): these are exact in distribution but are not the
// Boost draws of sbi::Rng, so these streams equal Rng's in their uniforms only.
#pragma once
#include "core/philox.hpp"

namespace sbi {

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

}  // namespace sbi
