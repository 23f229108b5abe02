// Fixed-block parallel GEMM (see gemm.hpp).
#include "core/gemm.hpp"

#include "core/errors.hpp"
#include "core/parallel.hpp"

namespace sbi {

namespace {

// Below this many multiply-adds (~25 µs of one core) a product runs as one block: waking a
// second thread would cost more than it saves, and far more on a loaded machine. An MCMC step
// with 100 chains through a 64-wide network (100·64·64) stays serial.
constexpr double kSerialWork = 1 << 20;
// Blocks are at least this many rows (or columns) and there are at most kMaxBlocks of them.
constexpr Index kMinBlock = 32;
constexpr Index kMaxBlocks = 16;

template <class S, class Map, class ConstMap>
void block_product(S alpha, const ConstMap& a, Trans ta, const ConstMap& b, Trans tb, S beta,
                   Map& c, Index r0, Index nr, Index c0, Index nc) {
  auto dst = c.block(r0, c0, nr, nc);
  if (beta == S(0)) dst.setZero();
  else if (beta != S(1)) dst *= beta;
  // op(A) rows r0.., op(B) columns c0..
  if (ta == Trans::No && tb == Trans::No)
    add_product(dst, alpha, a.middleRows(r0, nr), b.middleCols(c0, nc));
  else if (ta == Trans::No && tb == Trans::Yes)
    add_product(dst, alpha, a.middleRows(r0, nr), b.middleRows(c0, nc).transpose());
  else if (ta == Trans::Yes && tb == Trans::No)
    add_product(dst, alpha, a.middleCols(r0, nr).transpose(), b.middleCols(c0, nc));
  else
    add_product(dst, alpha, a.middleCols(r0, nr).transpose(), b.middleRows(c0, nc).transpose());
}

template <class S, class Map, class ConstMap>
void gemm_impl(S alpha, const ConstMap& a, Trans ta, const ConstMap& b, Trans tb, S beta,
               Map c) {
  const auto [m, k, n] = product_shape("gemm", a, ta, b, tb, c);
  const double work = double(m) * double(n) * double(k);
  if (work < kSerialWork || (m < 2 * kMinBlock && n < 2 * kMinBlock)) {
    block_product(alpha, a, ta, b, tb, beta, c, 0, m, 0, n);
    return;
  }
  const bool by_rows = m >= n;
  const Index extent = by_rows ? m : n;
  Index block = std::max(kMinBlock, (extent + kMaxBlocks - 1) / kMaxBlocks);
  block = (block + 7) / 8 * 8;
  parallel_for(extent, block, [&](Index begin, Index end) {
    if (by_rows) block_product(alpha, a, ta, b, tb, beta, c, begin, end - begin, 0, n);
    else block_product(alpha, a, ta, b, tb, beta, c, 0, m, begin, end - begin);
  });
}

}  // namespace

void gemm(float alpha, ConstMapF a, Trans ta, ConstMapF b, Trans tb, float beta, MapF c) {
  gemm_impl<float, MapF, ConstMapF>(alpha, a, ta, b, tb, beta, c);
}
void gemm(double alpha, ConstMapD a, Trans ta, ConstMapD b, Trans tb, double beta, MapD c) {
  gemm_impl<double, MapD, ConstMapD>(alpha, a, ta, b, tb, beta, c);
}

MatrixF matmul(const MatrixF& a, const MatrixF& b, Trans ta, Trans tb) {
  MatrixF c(ta == Trans::No ? a.rows() : a.cols(), tb == Trans::No ? b.cols() : b.rows());
  gemm(1.0f, ConstMapF(a.data(), a.rows(), a.cols()), ta, ConstMapF(b.data(), b.rows(), b.cols()),
       tb, 0.0f, MapF(c.data(), c.rows(), c.cols()));
  return c;
}
MatrixD matmul(const MatrixD& a, const MatrixD& b, Trans ta, Trans tb) {
  MatrixD c(ta == Trans::No ? a.rows() : a.cols(), tb == Trans::No ? b.cols() : b.rows());
  gemm(1.0, ConstMapD(a.data(), a.rows(), a.cols()), ta, ConstMapD(b.data(), b.rows(), b.cols()),
       tb, 0.0, MapD(c.data(), c.rows(), c.cols()));
  return c;
}

}  // namespace sbi
