// One Adam/AdamW update, written once for every evaluation: one float parameter element on the
// host or in a CUDA kernel (core/host_device.hpp, adam_update below) and whole Eigen arrays on
// the CPU (nn::Adam::step instantiates the same template with Eigen's primitives). The scalar
// coefficients of step t are computed once per step on the host (adam_coefficients):
//   g ← g + λ·p (Adam with weight decay λ),   p ← p·(1 - lr·λ) (AdamW)
//   m ← β₁m + (1-β₁)g,  v ← β₂v + (1-β₂)g²,  p ← p - (lr/c₁)·m / (√v·(1/√c₂) + ε)
// with c₁ = 1 - β₁ᵗ, c₂ = 1 - β₂ᵗ.
#pragma once
#include "core/host_device.hpp"

namespace sbi::nn {

struct AdamCoefficients {
  float step_size;    // lr / c₁
  float inv_sqrt_c2;  // 1 / √c₂
  float eps;
  float beta1, beta2, one_minus_beta1, one_minus_beta2;
  float weight_decay;  // λ added to the gradient (0 for none or for AdamW)
  float decay;         // AdamW factor 1 - lr·λ (1 for plain Adam)
};

// Coefficients of step t (t ≥ 1).
inline AdamCoefficients adam_coefficients(double lr, double beta1, double beta2, double eps,
                                          double weight_decay, bool decoupled, long t) {
  AdamCoefficients c;
  const double c1 = 1.0 - pow(beta1, double(t)), c2 = 1.0 - pow(beta2, double(t));
  c.step_size = static_cast<float>(lr / c1);
  c.inv_sqrt_c2 = static_cast<float>(1.0 / sqrt(c2));
  c.eps = static_cast<float>(eps);
  c.beta1 = static_cast<float>(beta1);
  c.beta2 = static_cast<float>(beta2);
  c.one_minus_beta1 = static_cast<float>(1.0 - beta1);
  c.one_minus_beta2 = static_cast<float>(1.0 - beta2);
  c.weight_decay = decoupled ? 0.f : static_cast<float>(weight_decay);
  c.decay = decoupled && weight_decay > 0 ? static_cast<float>(1.0 - lr * weight_decay) : 1.f;
  return c;
}

// The primitives for one float.
struct AdamFloatOps {
  static SBI_HD float square(float g) { return g * g; }
  static SBI_HD float sqrt(float v) { return sqrtf(v); }
};

// The moments and the parameter step from the (decayed) gradient g.
template <class Ops, class P, class M, class V, class G>
SBI_HD void adam_moments_and_step(P& p, M& m, V& v, const G& g, const AdamCoefficients& c) {
  m = c.beta1 * m + c.one_minus_beta1 * g;
  v = c.beta2 * v + c.one_minus_beta2 * Ops::square(g);
  p -= c.step_size * m / (Ops::sqrt(v) * c.inv_sqrt_c2 + c.eps);
}

// One update of parameter p with moments m, v from its gradient.
template <class Ops, class P, class M, class V, class G>
SBI_HD void adam_update(P& p, M& m, V& v, const G& grad, const AdamCoefficients& c) {
  if (c.decay != 1.f) p *= c.decay;
  if (c.weight_decay > 0.f) adam_moments_and_step<Ops>(p, m, v, grad + c.weight_decay * p, c);
  else adam_moments_and_step<Ops>(p, m, v, grad, c);
}

// One float element (the GPU kernel's thread).
SBI_HD void adam_update(float& p, float& m, float& v, float grad, const AdamCoefficients& c) {
  adam_update<AdamFloatOps>(p, m, v, grad, c);
}

}  // namespace sbi::nn
