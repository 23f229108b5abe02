// Which embedding net maps x (the condition) to features, and its sizes: the typed form of
// `--embedding KIND[:key=value...]` (the same syntax as --estimator), e.g. "gru:hidden=32:out=8".
//   fc       FCEmbedding: `layers` hidden layers of `hidden` units, ReLU, `out` features
//   deepset  DeepSetEmbedding: x = trials of `channels` values each; φ: `layers` × `hidden`
//            → hidden features, mean over trials, ρ: one hidden layer → `out`
//   conv1d   Conv1dEmbedding: x = `channels` series of L = in/channels steps; `layers` conv
//            layers of `conv_channels` channels (kernel `kernel`, mean-pool by `pool`), then a
//            head with one hidden layer of `hidden` → `out`
//   gru      GruEmbedding: x = `channels` series of L steps; hidden state `hidden` → `out`
// Keys: out, hidden, layers, channels, kernel, pool, conv_channels (each a whole number ≥ 1;
// layers ≥ 0 for fc). Defaults: out 20, hidden 50, layers 2, channels 1, kernel 5, pool 2,
// conv_channels 8.
#pragma once
#include <memory>
#include <string>

#include "core/rng.hpp"
#include "nn/embedding.hpp"

namespace sbi::nn {

enum class EmbeddingKind { none, fc, deep_set, conv1d, gru };
const char* embedding_kind_name(EmbeddingKind kind);          // none, fc, deepset, conv1d, gru
EmbeddingKind embedding_kind_from_name(const std::string& name);  // ValueError listing the names

struct EmbeddingSpec {
  EmbeddingKind kind = EmbeddingKind::none;
  Index out = 20, hidden = 50, layers = 2;
  Index channels = 1, kernel = 5, pool = 2, conv_channels = 8;
  bool enabled() const { return kind != EmbeddingKind::none; }
  std::string str() const;  // the text form, every key written
  // ValueError unless the sizes are sane and fit an input of in_dim columns.
  void validate(Index in_dim) const;
};

// "none" or "KIND[:key=value...]" → spec; ValueError naming the bad part.
EmbeddingSpec parse_embedding_spec(const std::string& text);

// Model files: keys embedding (the kind), embedding_out, embedding_hidden, embedding_layers,
// embedding_channels, embedding_kernel, embedding_pool, embedding_conv_channels, written only
// when enabled; read back as none when absent (files written before embeddings existed).
void write_embedding_spec(Architecture& a, const EmbeddingSpec& spec);
EmbeddingSpec read_embedding_spec(const Architecture& a);  // IOError for an unknown kind

// The embedding for inputs of in_dim columns (weights from rng); null for kind none.
std::unique_ptr<Embedding> build_embedding(const EmbeddingSpec& spec, Index in_dim, Rng& rng);

// Helpers for the estimators that carry an optional embedding `e` (null: none):
// e(x) of constant rows without gradients (e.g. an observation, once), or x itself;
MatrixF embed_constant(Embedding* e, const MatrixF& x);
// params followed by e's parameters;
ParamList with_embedding_parameters(ParamList params, Embedding* e);
// the embedding a model file stores under "embedding." for inputs of in_dim columns, checked to
// give `features` columns (IOError naming `path` otherwise); null when spec is none.
std::shared_ptr<Embedding> read_embedding(const ModelArchive& archive, const EmbeddingSpec& spec, Index in_dim,
                                          Index features, const std::string& path);

}  // namespace sbi::nn
