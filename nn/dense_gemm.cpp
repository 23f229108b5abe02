// Serial or core-parallel GEMM for the nn ops (see dense_gemm.hpp).
#include "nn/dense_gemm.hpp"

#include <atomic>

#include "core/errors.hpp"
#include "core/skinny_gemm.hpp"
#include "core/small_gemm.hpp"

namespace sbi::nn {

namespace {
thread_local bool t_serial = false;
std::atomic<bool> g_register_tiles{true};
}  // namespace

void set_register_tiles(bool enabled) { g_register_tiles.store(enabled, std::memory_order_relaxed); }
bool register_tiles() { return g_register_tiles.load(std::memory_order_relaxed); }

SerialGemmScope::SerialGemmScope(bool serial) : previous_(t_serial) { t_serial = serial; }
SerialGemmScope::~SerialGemmScope() { t_serial = previous_; }

void dense_gemm(float alpha, ConstMapF a, Trans ta, ConstMapF b, Trans tb, float beta, MapF c) {
  if (!t_serial) {
    gemm(alpha, a, ta, b, tb, beta, c);
    return;
  }
  const auto [m, k, n] = product_shape("dense_gemm", a, ta, b, tb, c);
  if (register_tiles() && skinny_gemm_takes(ta, tb, m, k, n, alpha, beta)) {
    skinny_gemm(a, ta, b, tb, beta, c);
    return;
  }
  if (register_tiles() && small_gemm_takes(ta, tb, m, k, n, alpha, beta)) {
    small_gemm(a, ta, b, tb, beta, c);
    return;
  }
  if (beta == 0.f) c.setZero();
  else if (beta != 1.f) c *= beta;
  if (ta == Trans::No && tb == Trans::No) add_product(c, alpha, a, b);
  else if (ta == Trans::No) add_product(c, alpha, a, b.transpose());
  else if (tb == Trans::No) add_product(c, alpha, a.transpose(), b);
  else add_product(c, alpha, a.transpose(), b.transpose());
}

}  // namespace sbi::nn
