// Activation functions of the networks, chosen by enum so that architectures can be stored
// in model files and fused into the linear op (nn/linear_op.hpp).
//   relu(z) = max(z, 0)            relu' = [y > 0]
//   tanh(z)                        tanh' = 1 - y²
//   elu(z) = z (z > 0), eᶻ - 1     elu'  = 1 (z > 0), y + 1
//   silu(z) = z·σ(z)               silu' = σ(z)(1 + z(1 - σ(z)))   (needs z)
//   sigmoid(z) = σ(z)              σ'    = y(1 - y)
//   softplus(z) = log(1 + eᶻ)      softplus' = σ(z) = 1 - e^{-y}
//   identity(z) = z                identity' = 1
#pragma once
#include <string>

#include "core/tape.hpp"

namespace sbi::nn {

enum class Activation { Identity, Relu, Tanh, Elu, Silu, Sigmoid, Softplus };

// "relu", "tanh", ... (lower case), and back; NotFoundError for unknown names.
std::string activation_name(Activation a);
Activation activation_from_name(const std::string& name);

// act(x) as a composition of core tape ops (the readable reference).
ad::Var apply_activation(ad::Var x, Activation a);

// act(x) as one op using the loops below (the fast path; identity returns x itself).
ad::Var activate(ad::Var x, Activation a);

// out ← act(in) elementwise (in may equal out; used by fused ops).
void activation_forward(Activation a, const float* in, float* out, Index count);
inline void activation_forward(Activation a, float* z, Index count) { activation_forward(a, z, z, count); }
// d ← g ⊙ act'(·) (or d += ... with accumulate), from the output y (and the pre-activation
// z, only read for silu).
void activation_derivative(Activation a, const float* g, const float* y, const float* z,
                           float* d, Index count, bool accumulate = false);
// Whether activation_derivative needs the pre-activation z.
inline bool activation_needs_input(Activation a) { return a == Activation::Silu; }

}  // namespace sbi::nn
