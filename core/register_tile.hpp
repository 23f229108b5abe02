// The register tile shared by the small-product kernels (core/small_gemm.cpp for the training
// step's products, nn/dense_rows.cpp for the tape-free evaluator). For R ≤ kTileRows rows r and
// W ∈ {kTileCols, kTileCols/2} columns j:
//
//   out_rj = Σ_k a(r, k)·B_kj,     a(r, k) = a[r·a_row + k·a_inner],
//
// B_k the k-th row of a row-major panel (stride ldb, at least W wide). The W columns are held in
// the target's own vectors (16 floats with AVX-512, 8 with AVX, 4 otherwise), one set per row:
// with AVX2 a full tile is 6 × 2 accumulators, twelve independent FMA chains, enough to keep both
// FMA units busy. Where a tile has fewer than eight (AVX-512: 4 × 1), the even and odd terms of k
// go to two chains, added at the end:  out_rj = Σ_{k even} … + Σ_{k odd} ….  The summation order is thus
// fixed by the instruction set alone: every lane of every tile runs the same scalar operations in
// the same order, so an entry's value depends neither on where its row falls in the batch nor on
// which tile its column falls in.
#pragma once
#if defined(__SSE__)
#include <immintrin.h>
#elif defined(__ARM_NEON)
#include <arm_neon.h>
#endif
#include <array>
#include <cmath>
#include <cstring>
#include <utility>

#include "core/tensor.hpp"

namespace sbi::tile {

// The tile's shape follows the target's registers: 16 (32 with AVX-512) vector registers hold
// the accumulators, the current row of the panel and one broadcast a(r, k).
#if defined(__AVX512F__)
inline constexpr int kVectorFloats = 16;
inline constexpr int kTileRows = 4;  // 4 × 1 zmm, even/odd split: 8 chains
inline constexpr int kTileCols = 16;
#elif defined(__AVX__)
inline constexpr int kVectorFloats = 8;
inline constexpr int kTileRows = 6;  // 6 × 2 ymm: 12 chains, 15 of the 16 registers
inline constexpr int kTileCols = 16;
#else
inline constexpr int kVectorFloats = 4;
inline constexpr int kTileRows = 4;  // 4 × 2 xmm: 8 chains
inline constexpr int kTileCols = 8;
#endif
inline constexpr bool kSplitChains = kTileRows * (kTileCols / kVectorFloats) < 8;

// Columns of a panel are padded to a multiple of kTileCols/2: full tiles, then at most one half.
inline Index padded_cols(Index n) { return (n + kTileCols / 2 - 1) / (kTileCols / 2) * (kTileCols / 2); }
inline Index padded_rows(Index n) { return (n + kTileRows - 1) / kTileRows * kTileRows; }

namespace detail {

// F floats in one register of the target, with an explicit fused multiply-add where the target
// has one: the compiler's own contraction of `acc + s·w` differs between instantiations (it
// fused the 6-row tile and not the 1-row one), which would make a row's value depend on its tile.
template <int F>
struct Vector;

#if !defined(__SSE__) && defined(__ARM_NEON)
template <>
struct Vector<4> {
  using V = float32x4_t;
  static V zero() { return vdupq_n_f32(0.f); }
  static V load(const float* p) { return vld1q_f32(p); }
  static void store(float* p, V v) { vst1q_f32(p, v); }
  static V add(V a, V b) { return vaddq_f32(a, b); }
  static V madd(V acc, float s, V w) { return vfmaq_n_f32(acc, w, s); }
};
#elif !defined(__SSE__)
// Any other target: four floats, one std::fma each (correct everywhere, fast nowhere).
template <>
struct Vector<4> {
  struct V {
    float f[4];
  };
  static V zero() { return V{}; }
  static V load(const float* p) { return V{{p[0], p[1], p[2], p[3]}}; }
  static void store(float* p, V v) { std::memcpy(p, v.f, sizeof v.f); }
  static V add(V a, V b) { return V{{a.f[0] + b.f[0], a.f[1] + b.f[1], a.f[2] + b.f[2], a.f[3] + b.f[3]}}; }
  static V madd(V acc, float s, V w) {
    return V{{std::fma(s, w.f[0], acc.f[0]), std::fma(s, w.f[1], acc.f[1]), std::fma(s, w.f[2], acc.f[2]),
              std::fma(s, w.f[3], acc.f[3])}};
  }
};
#endif

#if defined(__SSE__)
template <>
struct Vector<4> {
  using V = __m128;
  static V zero() { return _mm_setzero_ps(); }
  static V load(const float* p) { return _mm_loadu_ps(p); }
  static void store(float* p, V v) { _mm_storeu_ps(p, v); }
  static V add(V a, V b) { return _mm_add_ps(a, b); }
#if defined(__FMA__)
  static V madd(V acc, float s, V w) { return _mm_fmadd_ps(_mm_set1_ps(s), w, acc); }
#else
  static V madd(V acc, float s, V w) { return _mm_add_ps(acc, _mm_mul_ps(_mm_set1_ps(s), w)); }
#endif
};
#endif

#if defined(__AVX__)
template <>
struct Vector<8> {
  using V = __m256;
  static V zero() { return _mm256_setzero_ps(); }
  static V load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
#if defined(__FMA__)
  static V madd(V acc, float s, V w) { return _mm256_fmadd_ps(_mm256_set1_ps(s), w, acc); }
#else
  static V madd(V acc, float s, V w) { return _mm256_add_ps(acc, _mm256_mul_ps(_mm256_set1_ps(s), w)); }
#endif
};
#endif

#if defined(__AVX512F__)
template <>
struct Vector<16> {
  using V = __m512;
  static V zero() { return _mm512_setzero_ps(); }
  static V load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, V v) { _mm512_storeu_ps(p, v); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static V madd(V acc, float s, V w) { return _mm512_fmadd_ps(_mm512_set1_ps(s), w, acc); }
};
#endif

// acc + s·w for one float with the vector madd's own rounding: fused where the target's vector
// multiply-add is fused (FMA, NEON, the std::fma fallback), two roundings where it is not.
inline float madd(float acc, float s, float w) {
#if defined(__SSE__) && !defined(__FMA__)
  return acc + s * w;  // no fused multiply-add on such a target, so nothing to contract to
#else
  return std::fma(s, w, acc);
#endif
}

// W floats as `count` registers of `floats` each.
template <int W>
struct Vectors : Vector<(W < kVectorFloats ? W : kVectorFloats)> {
  static constexpr int floats = W < kVectorFloats ? W : kVectorFloats;
  static constexpr int count = W / floats;
};

}  // namespace detail

// out[r·W + j] = out_rj for r < R, j < W (see the top of this file).
template <int W, int R>
inline void accumulate(const float* a, Index a_row, Index a_inner, Index inner, const float* b, Index ldb,
                       float* out) {
  using Vec = detail::Vectors<W>;
  using V = typename Vec::V;
  constexpr int C = Vec::count, F = Vec::floats;
  V e[R][C], o[kSplitChains ? R : 1][C];
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c) e[r][c] = Vec::zero();
  if constexpr (kSplitChains)
    for (int r = 0; r < R; ++r)
      for (int c = 0; c < C; ++c) o[r][c] = Vec::zero();
  Index k = 0;
  if constexpr (kSplitChains) {
    for (; k + 1 < inner; k += 2) {
      const float* ak = a + k * a_inner;
      V w[C], v[C];
      for (int c = 0; c < C; ++c) w[c] = Vec::load(b + k * ldb + c * F), v[c] = Vec::load(b + (k + 1) * ldb + c * F);
#pragma GCC unroll 8
      for (int r = 0; r < R; ++r)
#pragma GCC unroll 4
        for (int c = 0; c < C; ++c) {
          e[r][c] = Vec::madd(e[r][c], ak[r * a_row], w[c]);
          o[r][c] = Vec::madd(o[r][c], ak[r * a_row + a_inner], v[c]);
        }
    }
  }
  for (; k < inner; ++k) {
    const float* ak = a + k * a_inner;
    V w[C];
    for (int c = 0; c < C; ++c) w[c] = Vec::load(b + k * ldb + c * F);
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r)
#pragma GCC unroll 4
      for (int c = 0; c < C; ++c) e[r][c] = Vec::madd(e[r][c], ak[r * a_row], w[c]);
  }
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c) {
      V sum = e[r][c];
      if constexpr (kSplitChains) sum = Vec::add(e[r][c], o[r][c]);
      Vec::store(out + r * W + c * F, sum);
    }
}

// The instantiation of Tile<W, R>::run for `rows` (1..kTileRows) rows and a full (W = kTileCols)
// or half-width (W = kTileCols/2) column block, from tables built at compile time.
template <template <int, int> class Tile>
auto tile_for(Index rows, bool full) {
  using Fn = decltype(&Tile<kTileCols, 1>::run);
  constexpr auto table = []<int W, std::size_t... R>(std::index_sequence<R...>) {
    return std::array<Fn, sizeof...(R)>{&Tile<W, int(R) + 1>::run...};
  };
  static constexpr auto full_tiles = table.template operator()<kTileCols>(std::make_index_sequence<kTileRows>{});
  static constexpr auto half_tiles = table.template operator()<kTileCols / 2>(std::make_index_sequence<kTileRows>{});
  return (full ? full_tiles : half_tiles)[static_cast<std::size_t>(rows - 1)];
}

}  // namespace sbi::tile
