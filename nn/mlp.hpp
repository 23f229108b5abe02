// Multi-layer perceptron: h₀ = x, h_{k+1} = act(h_k·W_kᵀ + b_k) for the hidden layers, and
// y = out_act(h·W_Lᵀ + b_L). Layers are fused linear+activation ops by default.
#pragma once
#include <vector>

#include "nn/activation.hpp"
#include "nn/linear.hpp"
#include "nn/model_file.hpp"

namespace sbi::nn {

struct MLPSettings {
  Index in = 0;
  std::vector<Index> hidden;  // widths of the hidden layers (may be empty: one linear layer)
  Index out = 0;
  Activation activation = Activation::Relu;
  Activation output_activation = Activation::Identity;

  Architecture architecture() const;
  static MLPSettings from_architecture(const Architecture& a);
};

class MLP : public Module {
 public:
  MLP() = default;
  MLP(const MLPSettings& config, Rng& rng);

  ad::Var forward(ad::Tape& tape, ad::Var x);
  void collect_parameters(const std::string& prefix, ParamList& out) override;
  const MLPSettings& config() const { return config_; }
  // false: the reference composition of core ops instead of the fused op.
  void set_fused(bool fused);
  std::vector<Linear>& layers() { return layers_; }

  // Model files (kind "mlp").
  void save(const std::string& path);
  static MLP load(const std::string& path);
  void load_weights(const std::string& path);  // same architecture required
  static constexpr const char* kKind = "mlp";

 private:
  MLPSettings config_;
  std::vector<Linear> layers_;
};

}  // namespace sbi::nn
