// The activation functions and their derivatives, written once for every evaluation: one float
// on the host or in a CUDA kernel (core/host_device.hpp, FloatOps below) and whole Eigen
// arrays on the CPU (nn/activation.cpp instantiates the same templates with Eigen's vectorised
// primitives). Each formula takes an `Ops` that supplies exp, expm1, log1p, tanh, abs, max0,
// inverse and select for its element type:
//   relu(z) = max(z, 0)            relu' = [y > 0]
//   tanh(z)                        tanh' = 1 - y²
//   elu(z) = z (z > 0), eᶻ - 1     elu'  = 1 (y > 0), y + 1
//   silu(z) = z·σ(z)               silu' = σ(z)(1 + z(1 - σ(z)))   (needs z)
//   sigmoid(z) = σ(z) = 1/(1 + e^{-z})      σ' = y(1 - y)
//   softplus(z) = max(z,0) + log1p(e^{-|z|})    softplus' = 1 - e^{-y} = -expm1(-y)
// Codes equal static_cast<int>(nn::Activation) (checked in nn/activation.cpp).
#pragma once
#include "core/host_device.hpp"

namespace sbi::nn {

enum ActivationCode : int {
  kIdentity = 0, kRelu = 1, kTanh = 2, kElu = 3, kSilu = 4, kSigmoid = 5, kSoftplus = 6
};

// The primitives for one float.
struct FloatOps {
  static SBI_HD float exp(float z) { return expf(z); }
  static SBI_HD float expm1(float z) { return expm1f(z); }
  static SBI_HD float log1p(float z) { return log1pf(z); }
  static SBI_HD float tanh(float z) { return tanhf(z); }
  static SBI_HD float abs(float z) { return fabsf(z); }
  static SBI_HD float max0(float z) { return hd_max(z, 0.f); }
  static SBI_HD float inverse(float z) { return 1.f / z; }
  static SBI_HD float select(bool c, float a, float b) { return c ? a : b; }
};

namespace act {
// Values y = act(z).
template <class Ops, class T> SBI_HD auto relu(const T& z) { return Ops::max0(z); }
template <class Ops, class T> SBI_HD auto tanh(const T& z) { return Ops::tanh(z); }
template <class Ops, class T> SBI_HD auto elu(const T& z) { return Ops::select(z > 0.f, z, Ops::expm1(z)); }
template <class Ops, class T> SBI_HD auto sigmoid(const T& z) { return Ops::inverse(1.f + Ops::exp(-z)); }
template <class Ops, class T> SBI_HD auto silu(const T& z) { return z * sigmoid<Ops>(z); }
template <class Ops, class T> SBI_HD auto softplus(const T& z) {
  return Ops::max0(z) + Ops::log1p(Ops::exp(-Ops::abs(z)));
}

// Derivatives g·act'(·) from the upstream gradient g, the output y (and z for silu).
template <class Ops, class G, class Y> SBI_HD auto relu_grad(const G& g, const Y& y) {
  return Ops::select(y > 0.f, g, 0.f);
}
template <class Ops, class G, class Y> SBI_HD auto tanh_grad(const G& g, const Y& y) { return g * (1.f - y * y); }
template <class Ops, class G, class Y> SBI_HD auto elu_grad(const G& g, const Y& y) {
  return Ops::select(y > 0.f, g, g * (y + 1.f));
}
template <class Ops, class G, class Y> SBI_HD auto sigmoid_grad(const G& g, const Y& y) { return g * y * (1.f - y); }
template <class Ops, class G, class Y> SBI_HD auto softplus_grad(const G& g, const Y& y) { return -g * Ops::expm1(-y); }
template <class Ops, class G, class Z, class S> SBI_HD auto silu_grad_with(const G& g, const Z& z, const S& s) {
  return g * s * (1.f + z * (1.f - s));
}
template <class Ops, class G, class Z> SBI_HD auto silu_grad(const G& g, const Z& z) {
  return silu_grad_with<Ops>(g, z, sigmoid<Ops>(z));
}
}  // namespace act

// y = act(z) for one float (the dispatch of the GPU kernels).
SBI_HD float activation_value(int code, float z) {
  switch (code) {
    case kRelu: return act::relu<FloatOps>(z);
    case kTanh: return act::tanh<FloatOps>(z);
    case kElu: return act::elu<FloatOps>(z);
    case kSilu: return act::silu<FloatOps>(z);
    case kSigmoid: return act::sigmoid<FloatOps>(z);
    case kSoftplus: return act::softplus<FloatOps>(z);
    default: return z;
  }
}

// dL/dz = g·act'(z) for one float, from y (and z, read only for silu).
SBI_HD float activation_gradient(int code, float g, float y, float z) {
  switch (code) {
    case kRelu: return act::relu_grad<FloatOps>(g, y);
    case kTanh: return act::tanh_grad<FloatOps>(g, y);
    case kElu: return act::elu_grad<FloatOps>(g, y);
    case kSilu: return act::silu_grad<FloatOps>(g, z);
    case kSigmoid: return act::sigmoid_grad<FloatOps>(g, y);
    case kSoftplus: return act::softplus_grad<FloatOps>(g, y);
    default: return g;
  }
}

// Whether the gradient reads z (the kernels then keep the pre-activation).
SBI_HD bool activation_code_needs_input(int code) { return code == kSilu; }

}  // namespace sbi::nn
