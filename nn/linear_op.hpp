// The fused dense-layer op:  y = act(x·Wᵀ + b)   (x: n×in, W: out×in, b: 1×out, y: n×out).
//
// Forward: one GEMM into y, then bias and activation in one pass over y.
// Backward: d = ȳ ⊙ act'(y) (from the output; silu also keeps its pre-activation), then
//   x̄ += d·W,   W̄ += dᵀ·x,   b̄ += Σ_rows d.
// linear_reference() is the same function as a composition of core ops
// (act(add(matmul_nt(x, W), b))); tests check that both agree in value and gradient.
#pragma once
#include "core/tape.hpp"
#include "nn/activation.hpp"

namespace sbi::nn {

// `bias` may be an empty Var (no bias term).
ad::Var linear(ad::Var x, ad::Var weight, ad::Var bias, Activation act = Activation::Identity);
ad::Var linear_reference(ad::Var x, ad::Var weight, ad::Var bias,
                         Activation act = Activation::Identity);

// y = skip + x·Wᵀ + b (no activation): the second layer of a residual block with its skip
// connection folded into the GEMM (beta = 1).   x̄ += ȳ·W, W̄ += ȳᵀ·x, b̄ += Σ ȳ, s̄kip += ȳ.
ad::Var linear_add(ad::Var x, ad::Var weight, ad::Var bias, ad::Var skip);

}  // namespace sbi::nn
