// A GRU embedding for time series (x: a row of C·L values, channel-major as for Conv1dEmbedding):
// one gated recurrent layer run over the L steps, then a linear map of the last hidden state
// to `out` features. With x_t the C values of step t and h₀ = 0 (PyTorch's nn.GRU equations):
//   r_t = σ(x_t W_irᵀ + b_ir + h_{t-1} W_hrᵀ + b_hr)
//   z_t = σ(x_t W_izᵀ + b_iz + h_{t-1} W_hzᵀ + b_hz)
//   n_t = tanh(x_t W_inᵀ + b_in + r_t ⊙ (h_{t-1} W_hnᵀ + b_hn))
//   h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t-1} = n_t + z_t ⊙ (h_{t-1} − n_t)
//   e   = h_L W_oᵀ + b_o
// The three gates share one input and one hidden weight matrix (3H rows, gate order r, z, n),
// initialised U(−1/√H, 1/√H) as PyTorch does. Built from tape ops, so backward is the tape's;
// all step memory comes from the tape's arena (no heap allocation once it has grown).
#pragma once
#include "nn/embedding.hpp"
#include "nn/linear.hpp"

namespace sbi::nn {

struct GruEmbeddingSettings {
  Index channels = 1;
  Index length = 1;
  Index hidden = 32;
  Index out = 20;
  Architecture architecture() const;
  static GruEmbeddingSettings from_architecture(const Architecture& a);
};

class GruEmbedding : public Embedding {
 public:
  GruEmbedding(const GruEmbeddingSettings& config, Rng& rng);
  // x: B×(channels·length) → B×out.
  ad::Var forward(ad::Tape& tape, ad::Var x) override;
  Index out_dim() const override { return config_.out; }
  void collect_parameters(const std::string& prefix, ParamList& out) override;
  const GruEmbeddingSettings& config() const { return config_; }
  static constexpr const char* kKind = "gru_embedding";

 private:
  GruEmbeddingSettings config_;
  Linear input_, hidden_, head_;  // W_i (3H×C), W_h (3H×H), W_o (out×H)
};

}  // namespace sbi::nn
