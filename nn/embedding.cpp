// Embedding networks (see embedding.hpp).
#include "nn/embedding.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/ops.hpp"

namespace sbi::nn {

// ---- FCEmbedding ----
Architecture FCEmbeddingSettings::architecture() const {
  return Architecture().set("in", in).set("out", out).set("hidden", hidden).set("layers", layers);
}
FCEmbeddingSettings FCEmbeddingSettings::from_architecture(const Architecture& a) {
  return {a.get_int("in"), a.get_int("out"), a.get_int("hidden"), a.get_int("layers")};
}
FCEmbedding::FCEmbedding(const FCEmbeddingSettings& config, Rng& rng)
    : config_(config),
      net_({config.in, std::vector<Index>(static_cast<std::size_t>(std::max<Index>(config.layers, 0)), config.hidden),
            config.out, Activation::Relu, Activation::Relu},
           rng) {}

// ---- DeepSetEmbedding ----
Architecture DeepSetEmbeddingSettings::architecture() const {
  Architecture a;
  a.set("trial_dim", trial_dim).set("trials", trials).set("phi_hidden", phi_hidden);
  a.set("phi_out", phi_out).set("rho_hidden", rho_hidden).set("out", out);
  a.set("activation", activation_name(activation));
  return a;
}
DeepSetEmbeddingSettings DeepSetEmbeddingSettings::from_architecture(const Architecture& a) {
  DeepSetEmbeddingSettings c;
  c.trial_dim = a.get_int("trial_dim");
  c.trials = a.get_int("trials");
  c.phi_hidden = a.get_ints("phi_hidden");
  c.phi_out = a.get_int("phi_out");
  c.rho_hidden = a.get_ints("rho_hidden");
  c.out = a.get_int("out");
  c.activation = activation_from_name(a.get("activation"));
  return c;
}

DeepSetEmbedding::DeepSetEmbedding(const DeepSetEmbeddingSettings& c, Rng& rng)
    : config_(c),
      phi_({c.trial_dim, c.phi_hidden, c.phi_out, c.activation, c.activation}, rng),
      rho_({c.phi_out, c.rho_hidden, c.out, c.activation, Activation::Identity}, rng) {
  if (c.trials < 1) throw ValueError("DeepSetEmbedding: trials must be ≥ 1");
}

ad::Var DeepSetEmbedding::forward(ad::Tape& tape, ad::Var x) {
  const Index width = config_.trials * config_.trial_dim;
  if (x.cols() != width)
    throw ShapeError("DeepSetEmbedding: input is " + shape_str(x.rows(), x.cols()) + ", expected " +
                     std::to_string(width) + " columns (" + std::to_string(config_.trials) +
                     " trials x " + std::to_string(config_.trial_dim) + ")");
  ad::Var trials = reshape(x, x.rows() * config_.trials, config_.trial_dim);
  ad::Var features = phi_.forward(tape, trials);
  return rho_.forward(tape, mean_pool_groups(features, config_.trials));
}

void DeepSetEmbedding::collect_parameters(const std::string& prefix, ParamList& out) {
  phi_.collect_parameters(prefix + "phi.", out);
  rho_.collect_parameters(prefix + "rho.", out);
}

// ---- Conv1dEmbedding ----
Architecture Conv1dEmbeddingSettings::architecture() const {
  Architecture a;
  a.set("channels", channels).set("length", length).set("conv_channels", conv_channels);
  a.set("kernel", kernel).set("pool", pool).set("head_hidden", head_hidden).set("out", out);
  a.set("activation", activation_name(activation));
  return a;
}
Conv1dEmbeddingSettings Conv1dEmbeddingSettings::from_architecture(const Architecture& a) {
  Conv1dEmbeddingSettings c;
  c.channels = a.get_int("channels");
  c.length = a.get_int("length");
  c.conv_channels = a.get_ints("conv_channels");
  c.kernel = a.get_int("kernel");
  c.pool = a.get_int("pool");
  c.head_hidden = a.get_ints("head_hidden");
  c.out = a.get_int("out");
  c.activation = activation_from_name(a.get("activation"));
  return c;
}

namespace {
MLP make_head(const Conv1dEmbeddingSettings& c, std::vector<Conv1dShape>& shapes, Rng& rng) {
  if (c.kernel < 1 || c.kernel % 2 == 0 || c.pool < 1 || c.channels < 1 || c.length < 1)
    throw ValueError("Conv1dEmbedding: invalid configuration " + c.architecture().str() +
                     " (the kernel must be odd, pool ≥ 1)");
  Index channels = c.channels, length = c.length;
  for (Index cout : c.conv_channels) {
    shapes.push_back({channels, length, c.kernel, c.kernel / 2});
    if (length % c.pool != 0)
      throw ValueError("Conv1dEmbedding: length " + std::to_string(length) +
                       " is not divisible by the pool factor " + std::to_string(c.pool));
    length /= c.pool;
    channels = cout;
  }
  return MLP({channels * length, c.head_hidden, c.out, c.activation, Activation::Identity}, rng);
}
}  // namespace

Conv1dEmbedding::Conv1dEmbedding(const Conv1dEmbeddingSettings& c, Rng& rng) : config_(c) {
  head_ = make_head(c, shapes_, rng);
  Index in = c.channels;
  for (Index cout : c.conv_channels) {
    const double bound = 1.0 / std::sqrt(double(in * c.kernel));  // PyTorch's Conv1d default
    weights_.emplace_back(cout, in * c.kernel);
    biases_.emplace_back(1, cout);
    weights_.back().init_uniform(rng, bound);
    biases_.back().init_uniform(rng, bound);
    in = cout;
  }
}

ad::Var Conv1dEmbedding::forward(ad::Tape& tape, ad::Var x) {
  if (x.cols() != config_.channels * config_.length)
    throw ShapeError("Conv1dEmbedding: input is " + shape_str(x.rows(), x.cols()) + ", expected " +
                     std::to_string(config_.channels * config_.length) + " columns (channels x length)");
  const Index batch = x.rows();
  for (std::size_t k = 0; k < shapes_.size(); ++k) {
    x = apply_activation(conv1d(x, weights_[k].var(tape), biases_[k].var(tape), shapes_[k]),
                         config_.activation);
    if (config_.pool > 1) {
      const Index cols = x.cols();
      x = reshape(ad::row_means(reshape(x, batch * cols / config_.pool, config_.pool)), batch,
                  cols / config_.pool);
    }
  }
  return head_.forward(tape, x);
}

void Conv1dEmbedding::collect_parameters(const std::string& prefix, ParamList& out) {
  for (std::size_t k = 0; k < weights_.size(); ++k) {
    out.push_back({prefix + "conv." + std::to_string(k) + ".weight", &weights_[k]});
    out.push_back({prefix + "conv." + std::to_string(k) + ".bias", &biases_[k]});
  }
  head_.collect_parameters(prefix + "head.", out);
}

}  // namespace sbi::nn
