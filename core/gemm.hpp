// Deterministic parallel matrix product on Eigen:  C = alpha · op(A) · op(B) + beta · C,
// op(M) = M or Mᵀ. The output is cut into fixed blocks of rows (or columns when it has few
// rows) and each block is one single-threaded Eigen GEMM, so every entry is computed by the
// same instruction sequence whatever the number of threads.
#pragma once
#include <string>

#include "core/errors.hpp"
#include "core/tensor.hpp"

namespace sbi {

enum class Trans { No, Yes };

// The sizes of C = op(A)·op(B): op(A) is m×k, op(B) is k×n, C must be m×n; a ShapeError naming
// `who` otherwise. Every product kernel checks its operands with it.
struct ProductShape {
  Index m = 0, k = 0, n = 0;
};
template <class A, class B, class C>
ProductShape product_shape(const char* who, const A& a, Trans ta, const B& b, Trans tb, const C& c) {
  const Index m = ta == Trans::No ? a.rows() : a.cols();
  const Index k = ta == Trans::No ? a.cols() : a.rows();
  const Index kb = tb == Trans::No ? b.rows() : b.cols();
  const Index n = tb == Trans::No ? b.cols() : b.rows();
  if (k != kb || c.rows() != m || c.cols() != n)
    throw ShapeError(std::string(who) + ": op(A) is " + shape_str(m, k) + ", op(B) is " + shape_str(kb, n) +
                     ", C is " + shape_str(c.rows(), c.cols()));
  return {m, k, n};
}

// Shapes are checked: op(A) is m×k, op(B) is k×n, C is m×n (all row-major, contiguous).
void gemm(float alpha, ConstMapF a, Trans ta, ConstMapF b, Trans tb, float beta, MapF c);
void gemm(double alpha, ConstMapD a, Trans ta, ConstMapD b, Trans tb, double beta, MapD c);

// dst += alpha · lhs · rhs for Eigen operands, without a heap temporary: with alpha = 1 the
// scalar factor is left out, because Eigen evaluates (alpha·A) into a heap temporary when the
// product reduces to a matrix-vector product (one output column). Used by every product
// kernel that runs inside a training or MCMC step.
template <class Dst, class Lhs, class Rhs, class S>
void add_product(Dst&& dst, S alpha, const Lhs& lhs, const Rhs& rhs) {
  if (alpha == S(1)) dst.noalias() += lhs * rhs;
  else dst.noalias() += alpha * lhs * rhs;
}

// Convenience: returns op(A)·op(B) as a new matrix.
MatrixF matmul(const MatrixF& a, const MatrixF& b, Trans ta = Trans::No, Trans tb = Trans::No);
MatrixD matmul(const MatrixD& a, const MatrixD& b, Trans ta = Trans::No, Trans tb = Trans::No);

}  // namespace sbi
