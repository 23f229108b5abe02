// The GRU embedding (see embedding_gru.hpp).
#include "nn/embedding_gru.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/ops.hpp"

namespace sbi::nn {

Architecture GruEmbeddingSettings::architecture() const {
  return Architecture().set("channels", channels).set("length", length).set("hidden", hidden).set("out", out);
}

GruEmbeddingSettings GruEmbeddingSettings::from_architecture(const Architecture& a) {
  return {a.get_int("channels"), a.get_int("length"), a.get_int("hidden"), a.get_int("out")};
}

namespace {
void check(const GruEmbeddingSettings& c) {
  if (c.channels < 1 || c.length < 1 || c.hidden < 1 || c.out < 1)
    throw ValueError("GruEmbedding: channels, length, hidden and out must be at least 1, got " +
                     c.architecture().str());
}
}  // namespace

GruEmbedding::GruEmbedding(const GruEmbeddingSettings& c, Rng& rng)
    : config_((check(c), c)),
      input_(c.channels, 3 * c.hidden, rng),
      hidden_(c.hidden, 3 * c.hidden, rng),
      head_(c.hidden, c.out, rng) {
  const double bound = 1.0 / std::sqrt(double(c.hidden));  // PyTorch's nn.GRU
  input_.weight.init_uniform(rng, bound);
  input_.bias.init_uniform(rng, bound);
}

ad::Var GruEmbedding::forward(ad::Tape& tape, ad::Var x) {
  const Index c = config_.channels, length = config_.length, h_dim = config_.hidden;
  if (x.cols() != c * length)
    throw ShapeError("GruEmbedding: input is " + shape_str(x.rows(), x.cols()) + ", expected " +
                     std::to_string(c * length) + " columns (" + std::to_string(c) + " channels x " +
                     std::to_string(length) + " steps)");
  ad::Var h;
  for (Index t = 0; t < length; ++t) {
    const ad::Var gi = input_.forward(tape, time_step(x, c, length, t));
    // h₀ = 0, so the first step's hidden term is the bias b_h alone (1×3H, broadcast over rows).
    const ad::Var gh = t == 0 ? hidden_.bias.var(tape) : hidden_.forward(tape, h);
    const ad::Var r = ad::sigmoid(ad::slice_cols(gi, 0, h_dim) + ad::slice_cols(gh, 0, h_dim));
    const ad::Var z = ad::sigmoid(ad::slice_cols(gi, h_dim, h_dim) + ad::slice_cols(gh, h_dim, h_dim));
    const ad::Var n = ad::tanh(ad::slice_cols(gi, 2 * h_dim, h_dim) + r * ad::slice_cols(gh, 2 * h_dim, h_dim));
    h = t == 0 ? n - z * n : n + z * (h - n);
  }
  return head_.forward(tape, h);
}

void GruEmbedding::collect_parameters(const std::string& prefix, ParamList& out) {
  input_.collect_parameters(prefix + "input.", out);
  hidden_.collect_parameters(prefix + "hidden.", out);
  head_.collect_parameters(prefix + "head.", out);
}

}  // namespace sbi::nn
