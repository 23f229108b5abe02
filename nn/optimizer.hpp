// Optimizers with PyTorch semantics, gradient-norm clipping and learning-rate schedules.
//
// Adam (step t = 1, 2, ...; g the gradient, plus λ·p when weight_decay λ > 0):
//   m ← β₁m + (1-β₁)g,  v ← β₂v + (1-β₂)g²,
//   p ← p - lr · (m / (1-β₁ᵗ)) / (√(v / (1-β₂ᵗ)) + ε)
// AdamW: the same without the λ·p term in g, and p ← p·(1 - lr·λ) before the update.
// Clipping (torch.nn.utils.clip_grad_norm_): N = ‖all gradients‖₂ (in double); if
// N > max_norm every gradient is scaled by max_norm / (N + 1e-6).
#pragma once
#include <vector>

#include "nn/parameter.hpp"

namespace sbi::nn {

struct AdamSettings {
  double learning_rate = 5e-4;  // sbi's default
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;
  bool decoupled_weight_decay = false;  // true: AdamW
};

class Adam {
 public:
  Adam(ParamList params, const AdamSettings& options = {});
  // One update from the parameters' current gradients.
  void step();
  void set_learning_rate(double lr) { options_.learning_rate = lr; }
  double learning_rate() const { return options_.learning_rate; }
  long steps() const { return t_; }
  const AdamSettings& options() const { return options_; }
  const ParamList& parameters() const { return params_; }

 private:
  ParamList params_;
  AdamSettings options_;
  std::vector<MatrixF> m_, v_;
  long t_ = 0;
};

// AdamW with PyTorch's default weight decay 0.01.
Adam make_adamw(ParamList params, double learning_rate = 1e-3, double weight_decay = 1e-2);

// The global L2 norm of all gradients (before clipping); clips when it exceeds max_norm.
double clip_gradient_norm(const ParamList& params, double max_norm);

// Learning rate per epoch (epoch counts from 0).
struct LearningRateSchedule {
  enum class Kind { Constant, Exponential, Step };
  Kind kind = Kind::Constant;
  double gamma = 1.0;   // decay factor
  int step_epochs = 1;  // Step: decay every step_epochs epochs
  // lr₀ (Constant), lr₀·γ^epoch (Exponential), lr₀·γ^⌊epoch/step_epochs⌋ (Step).
  double rate(double initial, int epoch) const;
};

}  // namespace sbi::nn
