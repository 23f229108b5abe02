// MADE (Germain et al. 2015): a masked network whose output block for feature i depends only
// on the inputs with degree < deg(i), as in nflows' MADE without residual blocks:
//   h₀ = act(x·(W₀⊙M₀)ᵀ + b₀ + act(context·W_cᵀ + b_c))   (as nflows without residual blocks)
//   h_{k+1} = act(h_k·(W_k⊙M_k)ᵀ + b_k)                     k = 0..blocks-1
//   out = h·(W_o⊙M_o)ᵀ + b_o
// Degrees: inputs 1..D; hidden units sequential (j mod max(1, D-1)) + min(1, D-1) or random
// in [min(1, D-1), D-1]; outputs repeat the input degrees `multiplier` times. Masks:
// hidden M[o][i] = [deg_o ≥ deg_i], output M[o][i] = [deg_o > deg_i].
// Output layout: parameter-major (column m·D + i) or feature-major (column i·multiplier + m).
#pragma once
#include <vector>

#include "nn/activation.hpp"
#include "nn/linear.hpp"

namespace sbi::flows {

struct MadeSettings {
  Index features = 1;
  Index context = 0;  // 0: unconditional
  Index hidden = 50;
  Index blocks = 2;
  Index multiplier = 2;
  nn::Activation activation = nn::Activation::Tanh;
  bool random_mask = false;
  bool feature_major = false;
  std::uint64_t mask_seed = 0;  // random degrees are drawn from Rng(mask_seed)
};

std::vector<Index> made_input_degrees(Index features);
std::vector<Index> made_hidden_degrees(Index count, Index features, bool random, Rng& rng);
std::vector<Index> made_output_degrees(Index features, Index multiplier, bool feature_major);
// out×in 0/1 mask; output = true uses the strict comparison.
MatrixF made_mask(const std::vector<Index>& out_degrees, const std::vector<Index>& in_degrees,
                  bool output);

class MADE : public nn::Module {
 public:
  MADE() = default;
  MADE(const MadeSettings& config, Rng& rng);
  // x: n×features, context: n×config.context (empty Var when 0) → n×(features·multiplier).
  ad::Var forward(ad::Tape& tape, ad::Var x, ad::Var context);
  void collect_parameters(const std::string& prefix, nn::ParamList& out) override;
  const MadeSettings& config() const { return config_; }
  // The layers (read by the tape-free evaluator, flows/flow_evaluator.hpp).
  const nn::MaskedLinear& input_layer() const { return input_; }
  const nn::Linear& context_layer() const { return context_; }  // when config().context > 0
  const std::vector<nn::MaskedLinear>& hidden_layers() const { return hidden_; }
  const nn::MaskedLinear& output_layer() const { return output_; }

 private:
  MadeSettings config_;
  nn::MaskedLinear input_, output_;
  nn::Linear context_;
  std::vector<nn::MaskedLinear> hidden_;
};

}  // namespace sbi::flows
