// The thin products of a dense layer's training step (see skinny_gemm.hpp).
#include "core/skinny_gemm.hpp"

#include <array>
#include <utility>

#include "core/errors.hpp"
#include "core/register_tile.hpp"

namespace sbi {

namespace {

constexpr int F = tile::kVectorFloats;
constexpr Index kMaxRowCols = 64;  // an output row in registers: 8 AVX2, 4 AVX-512 vectors
constexpr int kMaxVectors = static_cast<int>(kMaxRowCols / F);
constexpr Index kMaxOutputs = 7;  // below the tiles' narrowest panel (8 columns)
using Vec = tile::detail::Vector<F>;
using V = typename Vec::V;

// The weight gradient Dᵀ·X of a layer with fewer than 8 inputs: D is k × m (k rows of the
// batch, m ≤ 64 outputs of the layer), X is k × n.
bool takes(Trans ta, Trans tb, Index m, Index k, Index n) {
  return ta == Trans::Yes && tb == Trans::No && n <= kMaxOutputs && m >= 16 && m <= kMaxRowCols && k >= 16;
}

// Output rows r < R: out_r = Σ_l a(r, l)·P_l (NV full vectors, then n - NV·F tail columns by
// scalar multiply-adds rounded as the vectors' are, in the same order), then C; element (r, j)
// lives at c[r·c_row + j·c_col]. Not tile::accumulate: its loop loads all NV panel vectors before
// the rows, which at 2 rows × 6 vectors needs 18 registers and spills (1.8–2.4× slower here).
// This loop takes one panel vector at a time.
template <int NV, int R>
void rows_block(const float* a, Index a_row, Index a_inner, Index k, const float* p, Index ldp, Index n,
                bool accumulate, float* c, Index c_row, Index c_col) {
  V acc[R][NV > 0 ? NV : 1];
  float tail[R][F] = {};
  const Index tails = n - NV * F;
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < NV; ++v) acc[r][v] = Vec::zero();
  for (Index l = 0; l < k; ++l) {
    const float* pl = p + l * ldp;
    float s[R];
    for (int r = 0; r < R; ++r) s[r] = a[r * a_row + l * a_inner];
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) {
      const V w = Vec::load(pl + v * F);
#pragma GCC unroll 2
      for (int r = 0; r < R; ++r) acc[r][v] = Vec::madd(acc[r][v], s[r], w);
    }
    for (Index q = 0; q < tails; ++q)
      for (int r = 0; r < R; ++r) tail[r][q] = tile::detail::madd(tail[r][q], s[r], pl[NV * F + q]);
  }
  for (int r = 0; r < R; ++r) {
    float* out = c + r * c_row;
    if (c_col == 1) {
      for (int v = 0; v < NV; ++v)
        Vec::store(out + v * F, accumulate ? Vec::add(Vec::load(out + v * F), acc[r][v]) : acc[r][v]);
    } else {
      alignas(64) float row[NV > 0 ? NV * F : 1];
      for (int v = 0; v < NV; ++v) Vec::store(row + v * F, acc[r][v]);
      for (Index j = 0; j < NV * F; ++j) out[j * c_col] = accumulate ? out[j * c_col] + row[j] : row[j];
    }
    for (Index q = 0; q < tails; ++q) {
      float& x = out[(NV * F + q) * c_col];
      x = accumulate ? x + tail[r][q] : tail[r][q];
    }
  }
}

using RowsFn = decltype(&rows_block<1, 1>);

// Two rows at a time where their accumulators fit in the registers (R·NV ≤ 12), else one.
RowsFn rows_kernel(Index n, int rows) {
  constexpr auto table = []<int R, std::size_t... NV>(std::index_sequence<NV...>) {
    return std::array<RowsFn, sizeof...(NV)>{&rows_block<int(NV), R>...};
  };
  static constexpr auto one = table.template operator()<1>(std::make_index_sequence<kMaxVectors + 1>{});
  static constexpr auto two = table.template operator()<2>(std::make_index_sequence<7>{});  // NV ≤ 6
  const auto nv = static_cast<std::size_t>(n / F);
  return rows == 2 ? two[nv] : one[nv];
}

int rows_per_block(Index n) { return n / F <= 6 ? 2 : 1; }

// C (m × n, element (r, j) at c[r·c_row + j·c_col]) = Σ_l a(r, l)·P_l (+ C), P rows of n floats.
void rows_product(const float* a, Index a_row, Index a_inner, Index m, Index k, const float* p, Index ldp,
                  Index n, bool accumulate, float* c, Index c_row, Index c_col) {
  const int step = rows_per_block(n);
  const RowsFn block = rows_kernel(n, step), single = rows_kernel(n, 1);
  Index r = 0;
  for (; r + step <= m; r += step) block(a + r * a_row, a_row, a_inner, k, p, ldp, n, accumulate, c + r * c_row, c_row, c_col);
  for (; r < m; ++r) single(a + r * a_row, a_row, a_inner, k, p, ldp, n, accumulate, c + r * c_row, c_row, c_col);
}

}  // namespace

bool skinny_gemm_takes(Trans ta, Trans tb, Index m, Index k, Index n, float alpha, float beta) {
  if (alpha != 1.f || (beta != 0.f && beta != 1.f) || m < 1 || k < 1 || n < 1) return false;
  return takes(ta, tb, m, k, n);
}

void skinny_gemm(ConstMapF a, Trans ta, ConstMapF b, Trans tb, float beta, MapF c) {
  const auto [m, k, n] = product_shape("skinny_gemm", a, ta, b, tb, c);
  if (!skinny_gemm_takes(ta, tb, m, k, n, 1.f, beta))
    throw ValueError("skinny_gemm: not a product it takes (see skinny_gemm_takes)");
  // Cᵀ = Xᵀ·D, one row of Cᵀ per column c of X: a(c, l) = X_lc, P = D (k rows of m floats),
  // written transposed into C.
  rows_product(b.data(), 1, n, n, k, a.data(), m, m, beta != 0.f, c.data(), 1, n);
}

}  // namespace sbi
