// Dense layers with PyTorch's default initialisation: W (out×in) and b (1×out) drawn from
// U(-1/√in, 1/√in); y = act(x·Wᵀ + b). MaskedLinear multiplies W by a constant 0/1 mask of
// the same shape (MADE's autoregressive masks): y = act(x·(W ⊙ M)ᵀ + b).
// Both run the fused op (nn/linear_op.hpp) unless set_fused(false) selects the reference.
#pragma once
#include "nn/activation.hpp"
#include "nn/parameter.hpp"

namespace sbi::nn {

class Linear : public Module {
 public:
  Linear() = default;
  Linear(Index in, Index out, Rng& rng);

  ad::Var forward(ad::Tape& tape, ad::Var x, Activation act = Activation::Identity);
  // skip + x·Wᵀ + b in one op (residual blocks).
  ad::Var forward_add(ad::Tape& tape, ad::Var x, ad::Var skip);
  void collect_parameters(const std::string& prefix, ParamList& out) override;

  Index in_features() const { return weight.value.cols(); }
  Index out_features() const { return weight.value.rows(); }
  void set_fused(bool fused) { fused_ = fused; }

  Param weight, bias;

 private:
  bool fused_ = true;
};

class MaskedLinear : public Module {
 public:
  MaskedLinear() = default;
  // mask: out×in with entries 0 or 1.
  MaskedLinear(const MatrixF& mask, Rng& rng);

  // act((x·(W ⊙ M)ᵀ + b) + skip); skip (n×out) is optional.
  ad::Var forward(ad::Tape& tape, ad::Var x, Activation act = Activation::Identity, ad::Var skip = {});
  void collect_parameters(const std::string& prefix, ParamList& out) override;
  const MatrixF& mask() const { return mask_; }
  void set_fused(bool fused) { fused_ = fused; }

  Param weight, bias;

 private:
  MatrixF mask_;
  bool fused_ = true;
};

}  // namespace sbi::nn
