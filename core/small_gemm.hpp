// The three products of a dense layer's training step on register tiles (core/register_tile.hpp),
// for the small matrices of a flow at sbi's sizes (chunks of 100 rows, 50 hidden units), where
// Eigen's GEMM, built for large matrices, runs well below the core's rate (bench/results/small_gemm.md):
//
//   forward        C = X·Wᵀ (+ C)     ta = No,  tb = Yes
//   input grad     C = D·W  (+ C)     ta = No,  tb = No
//   weight grad    C = Dᵀ·X (+ C)     ta = Yes, tb = No
//
// op(B) is packed once per product into a zero-padded row-major panel (a grow-only per-thread
// buffer: no allocation once it has grown), or read in place when it already is one (not
// transposed, width a multiple of 8); op(A) is read in place. Each entry is
// C_ij (+)= Σ_{k even} op(A)_ik·op(B)_kj + Σ_{k odd} op(A)_ik·op(B)_kj, summed in the same order
// whatever the matrix sizes, so it agrees with Eigen's GEMM (the reference, core/gemm.hpp) to
// float rounding, and a row's value does not depend on the other rows of its batch.
#pragma once
#include "core/gemm.hpp"

namespace sbi {

// Whether small_gemm takes this m×k·k×n product: op(B) must not be transposed together with
// op(A), alpha must be 1 and beta 0 or 1; the panel (k × n, padded) must stay in the core's caches;
// and the product must be one where the tiles win: an inner dimension k ≥ 32 (a shorter sum does
// not pay for a tile's set-up and stores), n ≥ 8 (a narrower output is mostly padding) and m ≥ 12
// (fewer rows do not pay for packing the panel). Below these, Eigen's GEMM was faster at
// `sbi bench small-gemm`'s sizes (e.g. the 2 → 50 input layer of a 2-D MAF).
bool small_gemm_takes(Trans ta, Trans tb, Index m, Index k, Index n, float alpha, float beta);

// C = op(A)·op(B) + beta·C, beta ∈ {0, 1}, alpha = 1 (shapes checked; single-threaded). With a
// bias (n floats), every row also gets it, added as if C had first been set to it (beta 0) or
// had it added (beta 1): a layer's bias in the same pass as its product.
void small_gemm(ConstMapF a, Trans ta, ConstMapF b, Trans tb, float beta, MapF c, const float* bias = nullptr);

}  // namespace sbi
