// The weight gradient of a thin layer (fewer than 8 inputs: the features or context columns a
// flow's network starts from) on register rows: C = Dᵀ·X with D the k × m gradient of the layer's
// output (k batch rows, 16 ≤ m ≤ 64 outputs) and X its k × n input. Eigen's GEMM packs both operands
// for such a product and spends most of its time doing so; the register tiles of
// core/small_gemm.hpp need n ≥ 8 columns. Here the product is computed as its transpose,
//
//   (Cᵀ)_c· = Σ_l X_lc·D_l·       c < n,
//
// each row of Cᵀ (m floats) held in registers while the rows D_l stream past in place, two rows
// of Cᵀ at a time, and written transposed into C. Each entry is summed in order l = 0, 1, … with
// one multiply-add per term (fused where the target has FMA), from zero, and then C is added: an order fixed by the shapes
// alone, so the result agrees with Eigen's GEMM (core/gemm.hpp, the reference) to float
// rounding and does not depend on the number of threads. `sbi bench small-gemm` times it.
#pragma once
#include "core/gemm.hpp"

namespace sbi {

// Whether skinny_gemm takes this product: op(A) = Dᵀ (ta = Yes), op(B) = X (tb = No), n < 8,
// 16 ≤ m ≤ 64 (fewer outputs: Eigen is faster), k ≥ 16, alpha = 1, beta ∈ {0, 1}.
bool skinny_gemm_takes(Trans ta, Trans tb, Index m, Index k, Index n, float alpha, float beta);

// C = op(A)·op(B) + beta·C for a product skinny_gemm_takes (shapes checked; single-threaded).
void skinny_gemm(ConstMapF a, Trans ta, ConstMapF b, Trans tb, float beta, MapF c);

}  // namespace sbi
