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

// panel[i·ldp + j] = b[j·k + i] for i < k, j < n (B stored n × k, row-major): the transpose, in
// 8 × 8 blocks through AVX registers where the target has them, element by element at the edges.
void transpose_into(const float* b, Index k, Index n, float* panel, Index ldp) {
  Index j0 = 0, i_end = 0;
#if defined(__AVX__)
  i_end = k / 8 * 8;
  for (; j0 + 8 <= n; j0 += 8)
    for (Index i0 = 0; i0 < i_end; i0 += 8) {
      __m256 r[8], t[8];
      for (int q = 0; q < 8; ++q) r[q] = _mm256_loadu_ps(b + (j0 + q) * k + i0);
      for (int q = 0; q < 8; q += 2) {
        t[q] = _mm256_unpacklo_ps(r[q], r[q + 1]);
        t[q + 1] = _mm256_unpackhi_ps(r[q], r[q + 1]);
      }
      for (int q = 0; q < 8; q += 4) {
        r[q] = _mm256_shuffle_ps(t[q], t[q + 2], _MM_SHUFFLE(1, 0, 1, 0));
        r[q + 1] = _mm256_shuffle_ps(t[q], t[q + 2], _MM_SHUFFLE(3, 2, 3, 2));
        r[q + 2] = _mm256_shuffle_ps(t[q + 1], t[q + 3], _MM_SHUFFLE(1, 0, 1, 0));
        r[q + 3] = _mm256_shuffle_ps(t[q + 1], t[q + 3], _MM_SHUFFLE(3, 2, 3, 2));
      }
      // r[0..3] hold columns i0+{0,1,2,3} of rows j0..j0+3 (low lanes) and i0+{4..7} (high lanes)
      // likewise r[4..7] for rows j0+4..j0+7.
      for (int q = 0; q < 4; ++q) {
        _mm256_storeu_ps(panel + (i0 + q) * ldp + j0, _mm256_permute2f128_ps(r[q], r[q + 4], 0x20));
        _mm256_storeu_ps(panel + (i0 + q + 4) * ldp + j0, _mm256_permute2f128_ps(r[q], r[q + 4], 0x31));
      }
    }
#endif
  // The rows of the panel the blocks left (i ≥ i_end) in the blocks' columns, then the last columns.
  for (Index i = i_end; i < k; ++i)
    for (Index j = 0; j < j0; ++j) panel[i * ldp + j] = b[j * k + i];
  for (Index i = 0; i < k; ++i)
    for (Index j = j0; j < n; ++j) panel[i * ldp + j] = b[j * k + i];
}

// op(B) (k × n) as a row-major panel of stride ldp ≥ n, zero beyond column n: B itself where it
// already is one, else a copy in this thread's grow-only buffer.
const float* pack_panel(ConstMapF b, Trans tb, Index k, Index n, Index ldp) {
  if (tb == Trans::No && n == ldp) return b.data();  // already a panel: read it in place
  thread_local std::vector<float, Eigen::aligned_allocator<float>> panel;
  const auto size = static_cast<std::size_t>(k * ldp);
  if (panel.size() < size) panel.resize(size);
  float* p = panel.data();
  if (tb == Trans::Yes) transpose_into(b.data(), k, n, p, ldp);
  else
    for (Index i = 0; i < k; ++i) std::memcpy(p + i * ldp, b.data() + i * n, sizeof(float) * static_cast<std::size_t>(n));
  for (Index i = 0; i < k; ++i)
    for (Index j = n; j < ldp; ++j) p[i * ldp + j] = 0.f;  // fewer than kTileCols / 2 floats
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
