// The matrix products of the nn ops. By default they run core's deterministic parallel
// gemm (fixed row blocks, one parallel region per product). Inside a SerialGemmScope — the
// trainer's minibatch chunks, which already run in parallel — a product is one
// single-threaded Eigen GEMM over the whole matrix: no parallel region, and the right-hand
// operand is packed once instead of once per row block. Which path runs depends only on the
// scope (set by the trainer from the batch size), never on the number of threads, so results
// stay bit-identical for any thread count.
#pragma once
#include "core/gemm.hpp"

namespace sbi::nn {

// C = alpha · op(A) · op(B) + beta · C (shapes checked).
void dense_gemm(float alpha, ConstMapF a, Trans ta, ConstMapF b, Trans tb, float beta, MapF c);

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
