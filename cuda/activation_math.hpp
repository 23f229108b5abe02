// Per-element activation functions and their derivatives for the fused GPU kernels, written
// once for host and device (see hd.hpp). Codes equal static_cast<int>(nn::Activation)
// (checked by a static_assert in cuda/mlp.cpp). Same formulas as nn/activation.hpp:
//   relu(z) = max(z, 0)            relu' = [y > 0]
//   tanh(z)                        tanh' = 1 - y²
//   elu(z) = z (z > 0), eᶻ - 1     elu'  = 1 (y > 0), y + 1
//   silu(z) = z·σ(z)               silu' = σ(z)(1 + z(1 - σ(z)))   (needs z)
//   sigmoid(z) = σ(z)              σ'    = y(1 - y)
//   softplus(z) = max(z,0) + log1p(e^{-|z|})    softplus' = 1 - e^{-y}
#pragma once
#include "cuda/hd.hpp"

namespace sbi::cuda {

enum ActivationCode : int {
  kIdentity = 0, kRelu = 1, kTanh = 2, kElu = 3, kSilu = 4, kSigmoid = 5, kSoftplus = 6
};

SBI_HD float softplus_f(float z) { return hd_max(z, 0.f) + log1pf(expf(-fabsf(z))); }
SBI_HD float sigmoid_f(float z) { return 1.f / (1.f + expf(-z)); }

// y = act(z).
SBI_HD float activation_forward(int act, float z) {
  switch (act) {
    case kRelu: return hd_max(z, 0.f);
    case kTanh: return tanhf(z);
    case kElu: return z > 0.f ? z : expm1f(z);
    case kSilu: return z * sigmoid_f(z);
    case kSigmoid: return sigmoid_f(z);
    case kSoftplus: return softplus_f(z);
    default: return z;
  }
}

// dL/dz = g·act'(z), from the output y (and z, read only for silu).
SBI_HD float activation_backward(int act, float g, float y, float z) {
  switch (act) {
    case kRelu: return y > 0.f ? g : 0.f;
    case kTanh: return g * (1.f - y * y);
    case kElu: return y > 0.f ? g : g * (y + 1.f);
    case kSilu: {
      const float s = sigmoid_f(z);
      return g * s * (1.f + z * (1.f - s));
    }
    case kSigmoid: return g * y * (1.f - y);
    case kSoftplus: return -g * expm1f(-y);
    default: return g;
  }
}

// Whether activation_backward reads z (the kernels then keep the pre-activation).
SBI_HD bool activation_needs_input(int act) { return act == kSilu; }

}  // namespace sbi::cuda
