// Register-tiled small products (see small_gemm.hpp).
#include "core/small_gemm.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <vector>

#include "core/errors.hpp"
#include "core/register_tile.hpp"

namespace sbi {

namespace {

using tile::kTileCols;
using tile::kTileRows;

// 256 KB of panel: within the L2 cache of the cores we target, so every row tile reads it from cache.
constexpr Index kMaxPanelFloats = Index(1) << 16;
// The smallest products the tiles take (see small_gemm_takes).
constexpr Index kMinInner = 32, kMinCols = 8, kMinRows = 12;

// op(B) (k × n) as a row-major panel of stride ldp ≥ n, zero beyond column n: B itself where it
// already is one, else a copy in this thread's grow-only buffer.
const float* pack_panel(ConstMapF b, Trans tb, Index k, Index n, Index ldp) {
  if (tb == Trans::No && n == ldp) return b.data();  // already a panel: read it in place
  thread_local std::vector<float, Eigen::aligned_allocator<float>> panel;
  const auto size = static_cast<std::size_t>(k * ldp);
  if (panel.size() < size) panel.resize(size);
  float* p = panel.data();
  for (Index i = 0; i < k; ++i) {
    float* row = p + i * ldp;
    if (tb == Trans::No) {
      std::memcpy(row, b.data() + i * n, sizeof(float) * static_cast<std::size_t>(n));
    } else {
      for (Index j = 0; j < n; ++j) row[j] = b.data()[j * k + i];
    }
    std::fill(row + n, row + ldp, 0.f);
  }
  return p;
}

// C's row segment `row` (+)= the tile's sums `part` (+ the bias), for `count` columns (W when the
// tile is whole: a compile-time count the compiler unrolls): with a bias, row = (row + bias) +
// part or bias + part, the order of adding the bias to C first and the product after.
template <class Count>
inline void store_row(float* __restrict row, const float* __restrict part, const float* __restrict bias,
                      bool accumulate, Count count) {
  if (bias && accumulate)
    for (Index j = 0; j < count; ++j) row[j] = (row[j] + bias[j]) + part[j];
  else if (bias)
    for (Index j = 0; j < count; ++j) row[j] = bias[j] + part[j];
  else if (accumulate)
    for (Index j = 0; j < count; ++j) row[j] += part[j];
  else
    for (Index j = 0; j < count; ++j) row[j] = part[j];
}

// One R-row × W-column tile: C (+)= the tile's sums (+ bias), for its first `cols` columns (the
// last tile of a row may reach into the panel's padding).
template <int W, int R>
struct GemmTile {
  static void run(const float* a, Index a_row, Index a_inner, Index inner, const float* panel, Index ldp,
                  bool accumulate, const float* bias, float* c, Index ldc, Index cols) {
    float sum[R * W];
    tile::accumulate<W, R>(a, a_row, a_inner, inner, panel, ldp, sum);
    for (int r = 0; r < R; ++r) {
      if (cols == W) store_row(c + r * ldc, sum + r * W, bias, accumulate, std::integral_constant<Index, W>{});
      else store_row(c + r * ldc, sum + r * W, bias, accumulate, cols);
    }
  }
};

}  // namespace

bool small_gemm_takes(Trans ta, Trans tb, Index m, Index k, Index n, float alpha, float beta) {
  if (ta == Trans::Yes && tb == Trans::Yes) return false;
  if (alpha != 1.f || (beta != 0.f && beta != 1.f)) return false;
  if (k < kMinInner || n < kMinCols || m < kMinRows) return false;
  return k * tile::padded_cols(n) <= kMaxPanelFloats;
}

void small_gemm(ConstMapF a, Trans ta, ConstMapF b, Trans tb, float beta, MapF c, const float* bias) {
  const auto [m, k, n] = product_shape("small_gemm", a, ta, b, tb, c);
  if ((ta == Trans::Yes && tb == Trans::Yes) || (beta != 0.f && beta != 1.f))
    throw ValueError("small_gemm: this product is not one of its three (see small_gemm.hpp)");
  const Index ldp = tile::padded_cols(n);
  const float* panel = pack_panel(b, tb, k, n, ldp);
  // op(A)_ik = a[i·a_row + k·a_inner]
  const Index a_row = ta == Trans::No ? a.cols() : 1;
  const Index a_inner = ta == Trans::No ? 1 : a.cols();
  for (Index i = 0; i < m; i += kTileRows) {
    const Index rows = std::min<Index>(kTileRows, m - i);
    for (Index j = 0; j < ldp; j += kTileCols) {
      const bool full = ldp - j >= kTileCols;
      const Index cols = std::min<Index>(full ? kTileCols : kTileCols / 2, n - j);
      tile::tile_for<GemmTile>(rows, full)(a.data() + i * a_row, a_row, a_inner, k, panel + j, ldp, beta != 0.f,
                                           bias ? bias + j : nullptr, c.data() + i * n + j, n, cols);
    }
  }
}

}  // namespace sbi
