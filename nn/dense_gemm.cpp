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

namespace {

enum class SerialKernel { Skinny, Tiles, Eigen };

// Which kernel a serial product runs on (the one routing decision of both entry points).
SerialKernel serial_kernel(Trans ta, Trans tb, Index m, Index k, Index n, float alpha, float beta) {
  if (register_tiles() && skinny_gemm_takes(ta, tb, m, k, n, alpha, beta)) return SerialKernel::Skinny;
  if (register_tiles() && small_gemm_takes(ta, tb, m, k, n, alpha, beta)) return SerialKernel::Tiles;
  return SerialKernel::Eigen;
}

}  // namespace

void dense_gemm(float alpha, ConstMapF a, Trans ta, ConstMapF b, Trans tb, float beta, MapF c) {
  if (!t_serial) {
    gemm(alpha, a, ta, b, tb, beta, c);
    return;
  }
  const auto [m, k, n] = product_shape("dense_gemm", a, ta, b, tb, c);
  switch (serial_kernel(ta, tb, m, k, n, alpha, beta)) {
    case SerialKernel::Skinny: skinny_gemm(a, ta, b, tb, beta, c); return;
    case SerialKernel::Tiles: small_gemm(a, ta, b, tb, beta, c); return;
    case SerialKernel::Eigen: break;
  }
  if (beta == 0.f) c.setZero();
  else if (beta != 1.f) c *= beta;
  if (ta == Trans::No && tb == Trans::No) add_product(c, alpha, a, b);
  else if (ta == Trans::No) add_product(c, alpha, a, b.transpose());
  else if (tb == Trans::No) add_product(c, alpha, a.transpose(), b);
  else add_product(c, alpha, a.transpose(), b.transpose());
}

void dense_gemm_bias(ConstMapF a, Trans ta, ConstMapF b, Trans tb, ConstMapF bias, float beta, MapF c) {
  if (bias.rows() != 1 || bias.cols() != c.cols())
    throw ShapeError("dense_gemm_bias: bias is " + shape_of(bias) + ", expected " + shape_str(1, c.cols()));
  if (beta != 0.f && beta != 1.f) throw ValueError("dense_gemm_bias: beta must be 0 or 1");
  // Where dense_gemm (called below with beta 1 after the bias) would run the register tiles, they
  // add the bias in their store instead: the same floats either way.
  if (t_serial) {
    const auto [m, k, n] = product_shape("dense_gemm_bias", a, ta, b, tb, c);
    if (serial_kernel(ta, tb, m, k, n, 1.f, 1.f) == SerialKernel::Tiles) {
      small_gemm(a, ta, b, tb, beta, c, bias.data());
      return;
    }
  }
  if (beta == 0.f) c.rowwise() = bias.row(0);
  else c.rowwise() += bias.row(0);
  dense_gemm(1.f, a, ta, b, tb, 1.f, c);
}

}  // namespace sbi::nn
