// Residual network (see residual_net.hpp).
#include "nn/residual_net.hpp"

#include "core/errors.hpp"
#include "nn/module_io.hpp"
#include "core/ops.hpp"

namespace sbi::nn {

Architecture ResidualNetSettings::architecture() const {
  Architecture a;
  a.set("in", in).set("out", out).set("hidden", hidden).set("blocks", blocks).set("context", context);
  a.set("activation", activation_name(activation));
  a.set("output_activation", activation_name(output_activation));
  return a;
}

ResidualNetSettings ResidualNetSettings::from_architecture(const Architecture& a) {
  ResidualNetSettings c;
  c.in = a.get_int("in");
  c.out = a.get_int("out");
  c.hidden = a.get_int("hidden");
  c.blocks = a.get_int("blocks");
  c.context = a.get_int("context");
  c.activation = activation_from_name(a.get("activation"));
  c.output_activation = activation_from_name(a.get("output_activation"));
  return c;
}

ResidualNet::ResidualNet(const ResidualNetSettings& config, Rng& rng) : config_(config) {
  // Upper bounds far above any network we train: a typo or a corrupt model file is refused
  // before gigabytes are allocated.
  constexpr Index kMaxHidden = 16384, kMaxBlocks = 256;
  if (config.in < 1 || config.out < 1 || config.hidden < 1 || config.blocks < 0 || config.context < 0 ||
      config.hidden > kMaxHidden || config.blocks > kMaxBlocks)
    throw ValueError("ResidualNet: invalid sizes " + config.architecture().str() + " (hidden 1.." +
                     std::to_string(kMaxHidden) + ", blocks 0.." + std::to_string(kMaxBlocks) + ")");
  input_ = Linear(config.in + config.context, config.hidden, rng);
  for (Index b = 0; b < config.blocks; ++b) {
    block_layers_.emplace_back(config.hidden, config.hidden, rng);
    Linear last(config.hidden, config.hidden, rng);
    last.weight.init_uniform(rng, 1e-3);
    last.bias.init_uniform(rng, 1e-3);
    block_layers_.push_back(std::move(last));
  }
  output_ = Linear(config.hidden, config.out, rng);
}

ad::Var ResidualNet::forward(ad::Tape& tape, ad::Var x, ad::Var context) {
  if (x.cols() != config_.in)
    throw ShapeError("ResidualNet: input is " + shape_str(x.rows(), x.cols()) + ", expected " +
                     std::to_string(config_.in) + " columns");
  if (config_.context > 0) {
    if (!context.valid() || context.cols() != config_.context || context.rows() != x.rows())
      throw ShapeError("ResidualNet: context must be " + shape_str(x.rows(), config_.context) +
                       ", got " + (context.valid() ? shape_str(context.rows(), context.cols())
                                                   : std::string("none")));
    x = ad::concat_cols(x, context);
  } else if (context.valid()) {
    throw ShapeError("ResidualNet: a context was given but the network has context=0");
  }
  ad::Var h = input_.forward(tape, x);
  for (Index b = 0; b < config_.blocks; ++b) {
    ad::Var t = fused_ ? activate(h, config_.activation) : apply_activation(h, config_.activation);
    t = block_layers_[2 * b].forward(tape, t, config_.activation);
    h = block_layers_[2 * b + 1].forward_add(tape, t, h);
  }
  return output_.forward(tape, h, config_.output_activation);
}

void ResidualNet::collect_parameters(const std::string& prefix, ParamList& out) {
  input_.collect_parameters(prefix + "input.", out);
  for (std::size_t k = 0; k < block_layers_.size(); ++k)
    block_layers_[k].collect_parameters(
        prefix + "blocks." + std::to_string(k / 2) + "." + std::to_string(k % 2) + ".", out);
  output_.collect_parameters(prefix + "output.", out);
}

void ResidualNet::set_fused(bool fused) {
  fused_ = fused;
  input_.set_fused(fused);
  output_.set_fused(fused);
  for (auto& l : block_layers_) l.set_fused(fused);
}

void ResidualNet::save(const std::string& path) { save_module(*this, path); }
ResidualNet ResidualNet::load(const std::string& path) { return load_module<ResidualNet>(path); }
void ResidualNet::load_weights(const std::string& path) { load_module_weights(*this, path); }

}  // namespace sbi::nn
