// A small MLP evaluated by ONE thread (one chain's potential), host and device (core/host_device.hpp),
// and the ACE-like generalized-Bayes potential built on it (activations: nn/activation_math.hpp):
//   z = (concat(θ, context) - shift) / scale,   ĉ(θ) = out_scale·out_act(MLP(z)),
//   log p(θ) = -β·ĉ(θ) + log U_box(θ)   (0 inside [lo, hi], -∞ outside; the constant dropped).
// Weights are one flat float array, per layer W (out × in, row-major) then b (out), the layout
// of nn::MLP's parameters in order. Hidden layers use `hidden_act`, the last `output_act`.
// Widths are bounded by kMaxWidth so that a thread keeps its activations in local arrays.
#pragma once
#include "nn/activation_math.hpp"

namespace sbi::cuda {

inline constexpr int kMaxMlpLayers = 8;
inline constexpr int kMaxWidth = 128;
inline constexpr int kMaxThetaDim = 16;

struct MlpView {
  int num_layers = 0;               // linear layers
  int width[kMaxMlpLayers + 1] = {};  // width[0] = input, width[num_layers] = output
  int hidden_act = nn::kRelu;
  int output_act = nn::kIdentity;
  const float* params = nullptr;    // [W0 | b0 | W1 | b1 | ...]
};

// out ← MLP(in) for one input row (in: width[0] values, out: width[L] values).
SBI_HD void mlp_forward_row(const MlpView& net, const float* in, float* out) {
  float a[kMaxWidth], b[kMaxWidth];
  for (int i = 0; i < net.width[0]; ++i) a[i] = in[i];
  const float* p = net.params;
  for (int l = 0; l < net.num_layers; ++l) {
    const int n_in = net.width[l], n_out = net.width[l + 1];
    const float* w = p;
    const float* bias = p + n_in * n_out;
    const int act = l + 1 == net.num_layers ? net.output_act : net.hidden_act;
    for (int o = 0; o < n_out; ++o) {
      float z = 0.f;
      for (int i = 0; i < n_in; ++i) z += w[o * n_in + i] * a[i];
      b[o] = nn::activation_value(act, z + bias[o]);
    }
    for (int o = 0; o < n_out; ++o) a[o] = b[o];
    p = bias + n_out;
  }
  for (int o = 0; o < net.width[net.num_layers]; ++o) out[o] = a[o];
}

struct CostPotentialView {
  MlpView net;                  // width[0] = theta_dim + context_dim, one output
  int theta_dim = 0;
  int context_dim = 0;
  const float* context = nullptr;    // x_o (context_dim values), raw
  const float* input_shift = nullptr;  // width[0] values (null: 0)
  const float* input_scale = nullptr;  // width[0] values (null: 1)
  float out_scale = 1.f;
  double beta = 1.0;
  const double* lower = nullptr;     // box prior bounds (theta_dim values each)
  const double* upper = nullptr;
};

// ĉ(θ) (no prior), θ as theta_dim doubles.
SBI_HD float cost_value(const CostPotentialView& c, const double* theta) {
  float in[kMaxWidth];
  const int n = c.theta_dim + c.context_dim;
  for (int i = 0; i < c.theta_dim; ++i) in[i] = static_cast<float>(theta[i]);
  for (int i = 0; i < c.context_dim; ++i) in[c.theta_dim + i] = c.context[i];
  for (int i = 0; i < n; ++i) {
    const float shift = c.input_shift ? c.input_shift[i] : 0.f;
    const float scale = c.input_scale ? c.input_scale[i] : 1.f;
    in[i] = (in[i] - shift) / scale;
  }
  float out;
  mlp_forward_row(c.net, in, &out);
  return c.out_scale * out;
}

// log p(θ) = -β·ĉ(θ) + log U_box(θ).
SBI_HD double cost_log_density(const CostPotentialView& c, const double* theta) {
  for (int i = 0; i < c.theta_dim; ++i)
    if (!(theta[i] >= c.lower[i] && theta[i] <= c.upper[i])) return -INFINITY;
  return -c.beta * double(cost_value(c, theta));
}

}  // namespace sbi::cuda
