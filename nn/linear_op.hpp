// The fused dense-layer op:  y = act((x·Wᵀ + b) + s)   (x: n×in, W: out×in, b: 1×out,
// y: n×out; the skip input s, n×out, is optional: MADE's context term).
//
// Forward: one GEMM into y (initialised with b), s added, then the activation in place.
// Backward: d = ȳ ⊙ act'(y) (from the output; silu also keeps its pre-activation), then
//   x̄ += d·W,   W̄ += dᵀ·x,   b̄ += Σ_rows d,   s̄ += d.
// linear_reference() is the same function as a composition of core ops
// (act(add(add(matmul_nt(x, W), b), s))); tests check that both agree in value and gradient.
#pragma once
#include "core/tape.hpp"
#include "nn/activation.hpp"

namespace sbi::nn {

// `bias` and `skip` may be empty Vars (no bias term, no skip input).
ad::Var linear(ad::Var x, ad::Var weight, ad::Var bias, Activation act = Activation::Identity,
               ad::Var skip = {});
ad::Var linear_reference(ad::Var x, ad::Var weight, ad::Var bias,
                         Activation act = Activation::Identity, ad::Var skip = {});

// The same layer with a 0/1 mask on the weight (MADE):  y = act(x·(W⊙M)ᵀ + b + s). W⊙M is formed
// in the step's memory, not as a node of its own, and W̄ += (dᵀ·x) ⊙ M. The mask is borrowed: it
// must outlive the step. Equal, bit for bit, to linear(x, ad::mul_mask(W, M), b, act, s).
ad::Var masked_linear(ad::Var x, ad::Var weight, const MatrixF& mask, ad::Var bias,
                      Activation act = Activation::Identity, ad::Var skip = {});

// y = skip + x·Wᵀ + b (no activation): the second layer of a residual block with its skip
// connection folded into the GEMM (beta = 1).   x̄ += ȳ·W, W̄ += ȳᵀ·x, b̄ += Σ ȳ, s̄kip += ȳ.
ad::Var linear_add(ad::Var x, ad::Var weight, ad::Var bias, ad::Var skip);

}  // namespace sbi::nn
