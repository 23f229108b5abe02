// The architecture of a conditional density estimator, with sbi's defaults, stored as the
// "key=value;..." architecture string of its model file (so a file rebuilds the same network:
// masks and permutations are drawn from `seed`).
//   maf:    5 × [MADE-affine (50 hidden, 2 blocks, tanh, sequential masks), permutation]
//   nsf:    5 × [spline coupling (ResidualNet 50 hidden, 2 blocks, relu; 10 bins, B = 3),
//                 LU-linear when D > 1]                      (sbi's build_nsf)
//   nsf_ar: 5 × [MADE-spline (50 hidden, 2 blocks, relu), permutation]
//   mdn:    10 full-covariance components from an MLP (2 × 50 hidden, relu)
// An optional embedding (nn/embedding_spec.hpp: fc, deepset, conv1d, gru) maps the z-scored
// context to embedding_out features before the estimator (embedding_out = 0: none). Files keep
// the fully connected one's keys (embedding_out, embedding_hidden, embedding_layers); the other
// kinds add "embedding" and their own sizes, so earlier model files read back unchanged.
#pragma once
#include <string>

#include "flows/permutation_scheme.hpp"
#include "nn/activation.hpp"
#include "nn/embedding_spec.hpp"
#include "nn/model_file.hpp"

namespace sbi::flows {

struct EstimatorSettings {
  std::string kind = "maf";  // maf | nsf | nsf_ar | mdn
  Index y_dim = 1;
  Index context_dim = 0;     // 0: unconditional
  Index transforms = 5;
  Index hidden = 50;
  Index blocks = 2;
  nn::Activation activation = nn::Activation::Tanh;
  bool random_mask = false;
  PermutationScheme permutation = PermutationScheme::random;  // maf, nsf_ar
  // maf, nsf_ar with random permutations: draws that leave one feature first in every layer (a
  // fixed distribution whatever the context) are replaced by reversals (see permutation.hpp).
  // false: sbi's draws as drawn, as in model files written without the key.
  bool keep_first_moving = true;
  bool lu_linear = false;              // nsf: after each coupling (when y_dim > 1); maf: optional
  Index bins = 10;
  double tail_bound = 3.0;
  // nsf, nsf_ar: "hidden" divides the spline's width and height logits by √hidden (nflows, the
  // sbi package); "none" uses them as the network outputs them (zuko, the multifidelity paper).
  std::string spline_scale = "hidden";
  Index components = 10;
  Index embedding_out = 0, embedding_hidden = 50, embedding_layers = 2;
  nn::EmbeddingKind embedding_kind = nn::EmbeddingKind::fc;  // when embedding_out > 0
  Index embedding_channels = 1, embedding_kernel = 5, embedding_pool = 2, embedding_conv_channels = 8;
  std::uint64_t seed = 0;

  void validate() const;  // ValueError naming the bad setting
  nn::EmbeddingSpec embedding() const;          // kind none when embedding_out = 0
  void set_embedding(const nn::EmbeddingSpec& spec);
  nn::Architecture architecture() const;
  bool guards_first_feature() const;  // keep_first_moving applies (maf/nsf_ar, random, no LU, y_dim > 1)
  static EstimatorSettings from_architecture(const nn::Architecture& a);
};

EstimatorSettings maf_config(Index y_dim, Index context_dim, std::uint64_t seed = 0);
EstimatorSettings nsf_config(Index y_dim, Index context_dim, std::uint64_t seed = 0);
EstimatorSettings nsf_autoregressive_config(Index y_dim, Index context_dim, std::uint64_t seed = 0);
EstimatorSettings mdn_config(Index y_dim, Index context_dim, std::uint64_t seed = 0);
// The defaults of one kind by name: maf, nsf, nsf_ar or mdn (ValueError naming the others).
EstimatorSettings config_for_kind(const std::string& kind, Index y_dim, Index context_dim, std::uint64_t seed = 0);

}  // namespace sbi::flows
