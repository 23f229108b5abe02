// The interface of an invertible flow layer. Convention (as nflows / sbi): forward maps data
// to noise, x → z, and returns log|det ∂z/∂x| per row, so that for a flow T = T_L ∘ … ∘ T_1
//   log q(x) = log N(T(x); 0, I) + Σ_l log|det ∂T_l|.
// inverse maps noise to data (sampling); autoregressive layers invert sequentially.
#pragma once
#include "core/tape.hpp"
#include "nn/parameter.hpp"

namespace sbi::flows {

struct TransformResult {
  ad::Var z;
  ad::Var logdet;  // n×1, or 1×1 when it does not depend on the row
};

class Transform : public nn::Module {
 public:
  // x: n×D; context: n×C or an empty Var for unconditional layers.
  virtual TransformResult forward(ad::Tape& tape, ad::Var x, ad::Var context) = 0;
  // z: n×D, context: n×C (0 columns when unconditional). No gradients are recorded.
  virtual MatrixF inverse(const MatrixF& z, const MatrixF& context) = 0;
  void collect_parameters(const std::string&, nn::ParamList&) override {}
};

// log N(z; 0, I) per row: -½ Σ_j z_j² - (D/2) log 2π  (n×1).
ad::Var standard_normal_log_prob(ad::Var z);

}  // namespace sbi::flows
