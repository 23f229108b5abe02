// The differentiable operations of the autodiff tape. Every op checks shapes, computes its
// value eagerly and records a backward function. Shapes follow NumPy-style broadcasting
// restricted to matrices: an operand may be r×c, 1×c (a row broadcast over rows), r×1 (a
// column broadcast over columns) or 1×1 (a scalar).
#pragma once
#include <cstdint>
#include <span>

#include "core/tape.hpp"

namespace sbi::ad {

// ---- products (ops_matmul.cpp) ----
Var matmul(Var a, Var b);     // a·b
Var matmul_nt(Var a, Var b);  // a·bᵀ   (e.g. x·Wᵀ with W out×in, as PyTorch's Linear)
Var matmul_tn(Var a, Var b);  // aᵀ·b

// ---- broadcasting arithmetic (ops_binary.cpp) ----
Var add(Var a, Var b);
Var sub(Var a, Var b);
Var mul(Var a, Var b);  // elementwise
Var div(Var a, Var b);  // elementwise

// ---- scalars (ops_unary.cpp) ----
Var add_scalar(Var a, float s);
Var mul_scalar(Var a, float s);
Var pow_scalar(Var a, float p);  // a^p elementwise (a > 0 unless p is an integer)

// ---- elementwise functions (ops_unary.cpp) ----
Var neg(Var a);
Var exp(Var a);
Var log(Var a);
Var log1p(Var a);
Var sqrt(Var a);
Var square(Var a);
Var abs(Var a);
Var tanh(Var a);
Var sigmoid(Var a);
Var relu(Var a);
Var elu(Var a, float alpha = 1.f);
Var silu(Var a);
Var softplus(Var a);  // log(1 + eˣ), stable for large |x|
Var clamp(Var a, float lo, float hi);  // gradient passes where lo ≤ a ≤ hi

// ---- reductions (ops_reduce.cpp) ----
Var sum(Var a);        // 1×1
Var mean(Var a);       // 1×1
Var row_sums(Var a);   // r×1: the sum of each row
Var row_means(Var a);  // r×1
Var col_sums(Var a);   // 1×c: the sum of each column
Var col_means(Var a);  // 1×c
Var logsumexp_rows(Var a);  // r×1: log Σ_j exp(a_ij), stable
Var log_softmax_rows(Var a);  // r×c: a_ij - logsumexp_j(a_i·), stable

// ---- structure (ops_shape.cpp) ----
Var concat_cols(std::span<const Var> parts);  // [a | b | ...], equal row counts
Var concat_cols(Var a, Var b);
Var slice_cols(Var a, Index start, Index count);  // columns [start, start + count)
Var gather_rows(Var a, std::span<const std::int64_t> rows);  // out_i = a_{rows[i]}
// a ⊙ mask for a constant mask of a's shape (e.g. MADE). Copy: the mask is copied into the
// tape (a temporary is safe); Borrow: the tape keeps a pointer, so the mask must stay unchanged
// until the tape is reset (a layer's own mask: saves a copy per step).
enum class MaskStorage { Copy, Borrow };
Var mul_mask(Var a, const MatrixF& mask, MaskStorage storage = MaskStorage::Copy);
// where(cond, a, b)_ij = cond_ij ≠ 0 ? a_ij : b_ij; cond is a constant of the output shape.
Var where(const MatrixF& cond, Var a, Var b);

// ---- operators ----
inline Var operator+(Var a, Var b) { return add(a, b); }
inline Var operator-(Var a, Var b) { return sub(a, b); }
inline Var operator*(Var a, Var b) { return mul(a, b); }
inline Var operator/(Var a, Var b) { return div(a, b); }
inline Var operator-(Var a) { return neg(a); }
inline Var operator+(Var a, float s) { return add_scalar(a, s); }
inline Var operator+(float s, Var a) { return add_scalar(a, s); }
inline Var operator-(Var a, float s) { return add_scalar(a, -s); }
inline Var operator-(float s, Var a) { return add_scalar(neg(a), s); }
inline Var operator*(Var a, float s) { return mul_scalar(a, s); }
inline Var operator*(float s, Var a) { return mul_scalar(a, s); }
inline Var operator/(Var a, float s) { return mul_scalar(a, 1.f / s); }

// Shape of the broadcast result of a and b, or ShapeError naming both shapes and the op.
void broadcast_shape(const char* op, Index ar, Index ac, Index br, Index bc, Index& rows,
                     Index& cols);

}  // namespace sbi::ad
