// Embedding networks that map raw observations x to summary features before a density
// estimator or classifier:
//  - FCEmbedding: an MLP with ReLU after every layer (as sbi's FCEmbedding).
//  - DeepSetEmbedding (permutation invariant, for T iid trials of dimension D given as a row
//    of T·D values, trial-major): e = ρ((1/T) Σ_t φ(x_t)), φ and ρ MLPs.
//  - Conv1dEmbedding (time series with C channels of length L given as a row of C·L values,
//    channel-major): [conv1d(kernel K, 'same' padding K/2) → act → mean-pool by `pool`]
//    per conv layer, then flatten and an MLP head.
#pragma once
#include <vector>

#include "nn/embedding_ops.hpp"
#include "nn/mlp.hpp"

namespace sbi::nn {

// What every embedding offers: forward on the tape (B×in → B×out_dim()) and its parameters.
class Embedding : public Module {
 public:
  virtual ad::Var forward(ad::Tape& tape, ad::Var x) = 0;
  virtual Index out_dim() const = 0;
};

struct FCEmbeddingSettings {
  Index in = 0;
  Index out = 20;
  Index hidden = 50;
  Index layers = 2;  // hidden layers
  Architecture architecture() const;
  static FCEmbeddingSettings from_architecture(const Architecture& a);
};

class FCEmbedding : public Embedding {
 public:
  FCEmbedding(const FCEmbeddingSettings& config, Rng& rng);
  ad::Var forward(ad::Tape& tape, ad::Var x) override { return net_.forward(tape, x); }
  Index out_dim() const override { return config_.out; }
  void collect_parameters(const std::string& prefix, ParamList& out) override {
    net_.collect_parameters(prefix, out);
  }
  const FCEmbeddingSettings& config() const { return config_; }
  static constexpr const char* kKind = "fc_embedding";

 private:
  FCEmbeddingSettings config_;
  MLP net_;
};

struct DeepSetEmbeddingSettings {
  Index trial_dim = 1;
  Index trials = 1;
  std::vector<Index> phi_hidden = {50, 50};
  Index phi_out = 20;
  std::vector<Index> rho_hidden = {50};
  Index out = 20;
  Activation activation = Activation::Relu;
  Architecture architecture() const;
  static DeepSetEmbeddingSettings from_architecture(const Architecture& a);
};

class DeepSetEmbedding : public Embedding {
 public:
  DeepSetEmbedding(const DeepSetEmbeddingSettings& config, Rng& rng);
  // x: B×(trials·trial_dim) → B×out.
  ad::Var forward(ad::Tape& tape, ad::Var x) override;
  Index out_dim() const override { return config_.out; }
  void collect_parameters(const std::string& prefix, ParamList& out) override;
  const DeepSetEmbeddingSettings& config() const { return config_; }
  static constexpr const char* kKind = "deep_set_embedding";

 private:
  DeepSetEmbeddingSettings config_;
  MLP phi_, rho_;
};

struct Conv1dEmbeddingSettings {
  Index channels = 1;
  Index length = 1;
  std::vector<Index> conv_channels = {8, 8};
  Index kernel = 5;  // odd
  Index pool = 2;    // mean-pool factor after each conv layer (1: none); must divide the length
  std::vector<Index> head_hidden = {50};
  Index out = 20;
  Activation activation = Activation::Relu;
  Architecture architecture() const;
  static Conv1dEmbeddingSettings from_architecture(const Architecture& a);
};

class Conv1dEmbedding : public Embedding {
 public:
  Conv1dEmbedding(const Conv1dEmbeddingSettings& config, Rng& rng);
  // x: B×(channels·length) → B×out.
  ad::Var forward(ad::Tape& tape, ad::Var x) override;
  Index out_dim() const override { return config_.out; }
  void collect_parameters(const std::string& prefix, ParamList& out) override;
  const Conv1dEmbeddingSettings& config() const { return config_; }
  static constexpr const char* kKind = "conv1d_embedding";

 private:
  Conv1dEmbeddingSettings config_;
  std::vector<Param> weights_, biases_;
  std::vector<Conv1dShape> shapes_;
  MLP head_;
};

}  // namespace sbi::nn
