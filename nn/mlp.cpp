// Multi-layer perceptron (see mlp.hpp).
#include "nn/mlp.hpp"

#include "core/errors.hpp"
#include "nn/module_io.hpp"

namespace sbi::nn {

Architecture MLPSettings::architecture() const {
  Architecture a;
  a.set("in", in).set("hidden", hidden).set("out", out);
  a.set("activation", activation_name(activation));
  a.set("output_activation", activation_name(output_activation));
  return a;
}

MLPSettings MLPSettings::from_architecture(const Architecture& a) {
  MLPSettings c;
  c.in = a.get_int("in");
  c.hidden = a.get_ints("hidden");
  c.out = a.get_int("out");
  c.activation = activation_from_name(a.get("activation"));
  c.output_activation = activation_from_name(a.get("output_activation"));
  return c;
}

MLP::MLP(const MLPSettings& config, Rng& rng) : config_(config) {
  if (config.in < 1 || config.out < 1)
    throw ValueError("MLP: in and out must be positive, got in=" + std::to_string(config.in) +
                     ", out=" + std::to_string(config.out));
  Index width = config.in;
  for (Index h : config.hidden) {
    constexpr Index kMaxWidth = 16384;  // far above any network we train
    if (h < 1 || h > kMaxWidth)
      throw ValueError("MLP: hidden widths must be in 1.." + std::to_string(kMaxWidth) + ", got " +
                       std::to_string(h));
    layers_.emplace_back(width, h, rng);
    width = h;
  }
  layers_.emplace_back(width, config.out, rng);
}

ad::Var MLP::forward(ad::Tape& tape, ad::Var x) {
  if (x.cols() != config_.in)
    throw ShapeError("MLP: input is " + shape_str(x.rows(), x.cols()) + ", expected " +
                     std::to_string(config_.in) + " columns");
  for (std::size_t k = 0; k + 1 < layers_.size(); ++k) x = layers_[k].forward(tape, x, config_.activation);
  return layers_.back().forward(tape, x, config_.output_activation);
}

void MLP::collect_parameters(const std::string& prefix, ParamList& out) {
  for (std::size_t k = 0; k < layers_.size(); ++k)
    layers_[k].collect_parameters(prefix + "layers." + std::to_string(k) + ".", out);
}

void MLP::set_fused(bool fused) {
  for (auto& l : layers_) l.set_fused(fused);
}

void MLP::save(const std::string& path) { save_module(*this, path); }
MLP MLP::load(const std::string& path) { return load_module<MLP>(path); }
void MLP::load_weights(const std::string& path) { load_module_weights(*this, path); }

}  // namespace sbi::nn
