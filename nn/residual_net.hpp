// Residual network (as nflows' ResidualNet, without dropout/batch norm), used by the ACE cost
// network and the NSF conditioners:
//   h₀ = [x | context]·W_inᵀ + b_in
//   h_{k+1} = h_k + L_{k,1}(act(L_{k,0}(act(h_k))))        k = 0..blocks-1
//   y = out_act(h·W_outᵀ + b_out)
// The second layer of each block starts near zero (U(-1e-3, 1e-3)), so every block starts
// close to the identity. The skip addition is folded into the second layer's GEMM.
#pragma once
#include <vector>

#include "nn/activation.hpp"
#include "nn/linear.hpp"
#include "nn/model_file.hpp"

namespace sbi::nn {

struct ResidualNetSettings {
  Index in = 0;
  Index out = 0;
  Index hidden = 64;
  Index blocks = 2;
  Index context = 0;  // extra input columns concatenated with x (0: none)
  Activation activation = Activation::Relu;
  Activation output_activation = Activation::Identity;

  Architecture architecture() const;
  static ResidualNetSettings from_architecture(const Architecture& a);
};

class ResidualNet : public Module {
 public:
  ResidualNet() = default;
  ResidualNet(const ResidualNetSettings& config, Rng& rng);

  // context: n×config.context, or an empty Var when config.context is 0.
  ad::Var forward(ad::Tape& tape, ad::Var x, ad::Var context = {});
  void collect_parameters(const std::string& prefix, ParamList& out) override;
  const ResidualNetSettings& config() const { return config_; }
  const Linear& input_layer() const { return input_; }
  const std::vector<Linear>& block_layers() const { return block_layers_; }  // 2 per block
  const Linear& output_layer() const { return output_; }
  void set_fused(bool fused);

  void save(const std::string& path);
  static ResidualNet load(const std::string& path);
  void load_weights(const std::string& path);
  static constexpr const char* kKind = "residual_net";

 private:
  ResidualNetSettings config_;
  Linear input_, output_;
  std::vector<Linear> block_layers_;  // 2 per block
  bool fused_ = true;
};

}  // namespace sbi::nn
