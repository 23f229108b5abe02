// MADE degrees, masks and network (see made.hpp).
#include "flows/made.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "core/ops.hpp"

namespace sbi::flows {

std::vector<Index> made_input_degrees(Index features) {
  std::vector<Index> d(static_cast<std::size_t>(features));
  for (Index i = 0; i < features; ++i) d[static_cast<std::size_t>(i)] = i + 1;
  return d;
}

std::vector<Index> made_hidden_degrees(Index count, Index features, bool random, Rng& rng) {
  const Index lo = std::min<Index>(1, features - 1), hi = std::max<Index>(1, features - 1);
  std::vector<Index> d(static_cast<std::size_t>(count));
  for (Index j = 0; j < count; ++j)
    d[static_cast<std::size_t>(j)] = random ? rng.uniform_int(lo, features - 1) : j % hi + lo;
  return d;
}

std::vector<Index> made_output_degrees(Index features, Index multiplier, bool feature_major) {
  std::vector<Index> d;
  d.reserve(static_cast<std::size_t>(features * multiplier));
  if (feature_major) {
    for (Index i = 0; i < features; ++i)
      for (Index m = 0; m < multiplier; ++m) d.push_back(i + 1);
  } else {
    for (Index m = 0; m < multiplier; ++m)
      for (Index i = 0; i < features; ++i) d.push_back(i + 1);
  }
  return d;
}

MatrixF made_mask(const std::vector<Index>& out_degrees, const std::vector<Index>& in_degrees,
                  bool output) {
  MatrixF m(static_cast<Index>(out_degrees.size()), static_cast<Index>(in_degrees.size()));
  for (Index o = 0; o < m.rows(); ++o)
    for (Index i = 0; i < m.cols(); ++i) {
      const Index a = out_degrees[static_cast<std::size_t>(o)];
      const Index b = in_degrees[static_cast<std::size_t>(i)];
      m(o, i) = (output ? a > b : a >= b) ? 1.f : 0.f;
    }
  return m;
}

MADE::MADE(const MadeSettings& config, Rng& rng) : config_(config) {
  if (config.features < 1 || config.hidden < 1 || config.blocks < 0 || config.multiplier < 1 ||
      config.context < 0)
    throw ValueError("MADE: features, hidden and multiplier must be >= 1 (got " +
                     std::to_string(config.features) + ", " + std::to_string(config.hidden) +
                     ", " + std::to_string(config.multiplier) + ")");
  Rng mask_rng(config.mask_seed, 0);
  const auto in_deg = made_input_degrees(config.features);
  auto prev = made_hidden_degrees(config.hidden, config.features, config.random_mask, mask_rng);
  input_ = nn::MaskedLinear(made_mask(prev, in_deg, false), rng);
  if (config.context > 0) context_ = nn::Linear(config.context, config.hidden, rng);
  for (Index b = 0; b < config.blocks; ++b) {
    auto next = made_hidden_degrees(config.hidden, config.features, config.random_mask, mask_rng);
    hidden_.emplace_back(made_mask(next, prev, false), rng);
    prev = std::move(next);
  }
  const auto out_deg = made_output_degrees(config.features, config.multiplier, config.feature_major);
  output_ = nn::MaskedLinear(made_mask(out_deg, prev, true), rng);
}

ad::Var MADE::forward(ad::Tape& tape, ad::Var x, ad::Var context) {
  require_shape("MADE input", x.rows(), x.cols(), -1, config_.features);
  ad::Var context_term;
  if (config_.context > 0) {
    if (!context.valid()) throw ValueError("MADE: this network needs a context");
    require_shape("MADE context", context.rows(), context.cols(), x.rows(), config_.context);
    context_term = context_.forward(tape, context, config_.activation);
  }
  // act((x·(W₀⊙M₀)ᵀ + b₀) + context term) in one fused op
  ad::Var h = input_.forward(tape, x, config_.activation, context_term);
  for (auto& layer : hidden_) h = layer.forward(tape, h, config_.activation);
  return output_.forward(tape, h);
}

void MADE::collect_parameters(const std::string& prefix, nn::ParamList& out) {
  input_.collect_parameters(prefix + "input.", out);
  if (config_.context > 0) context_.collect_parameters(prefix + "context.", out);
  for (std::size_t b = 0; b < hidden_.size(); ++b)
    hidden_[b].collect_parameters(prefix + "hidden." + std::to_string(b) + ".", out);
  output_.collect_parameters(prefix + "output.", out);
}

}  // namespace sbi::flows
