// The matrix products of the nn ops. By default they run core's deterministic parallel
// gemm (fixed row blocks, one parallel region per product). Inside a SerialGemmScope — the
// trainer's minibatch chunks, which already run in parallel — a product runs on one thread over
// the whole matrix: no parallel region, and the right-hand operand is packed once instead of
// once per row block. There the three products of a dense layer at small sizes run on register
// tiles (core/small_gemm.hpp), the thin ones (a few features in or outputs out) on the kernels of
// core/skinny_gemm.hpp, anything else as one Eigen GEMM. Which path runs depends only on the
// scope (set by the trainer from the batch size), never on the number of threads, so results
// stay bit-identical for any thread count.
#pragma once
#include "core/gemm.hpp"

namespace sbi::nn {

// C = alpha · op(A) · op(B) + beta · C (shapes checked).
void dense_gemm(float alpha, ConstMapF a, Trans ta, ConstMapF b, Trans tb, float beta, MapF c);

// C = op(A)·op(B) + 1·bias (+ C with beta 1): the bias row (1 × n) broadcast over C's rows,
// added before the product (C ← C + bias, then C += op(A)·op(B)), in the product's own pass where
// the register tiles run it.
void dense_gemm_bias(ConstMapF a, Trans ta, ConstMapF b, Trans tb, ConstMapF bias, float beta, MapF c);

// Whether serial products may run on the register tiles and thin kernels (default: yes). For benchmarks that time
// the same work both ways in one process (`sbi bench flows --profile`); set it between runs only.
void set_register_tiles(bool enabled);
bool register_tiles();

class SerialGemmScope {
 public:
  explicit SerialGemmScope(bool serial = true);
  ~SerialGemmScope();
  SerialGemmScope(const SerialGemmScope&) = delete;
  SerialGemmScope& operator=(const SerialGemmScope&) = delete;

 private:
  bool previous_;
};

}  // namespace sbi::nn
