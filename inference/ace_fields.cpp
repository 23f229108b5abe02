// The field table of the ACE options (see ace_fields.hpp).
#include "inference/ace_fields.hpp"

#include <limits>
#include <utility>
#include <vector>

namespace sbi::inference {

namespace {

constexpr Index kMax = std::numeric_limits<Index>::max();
constexpr double kInf = std::numeric_limits<double>::infinity();

std::vector<std::pair<nn::Activation, std::string>> activation_names() {
  std::vector<std::pair<nn::Activation, std::string>> names;
  for (nn::Activation a : {nn::Activation::Identity, nn::Activation::Relu, nn::Activation::Tanh,
                           nn::Activation::Elu, nn::Activation::Silu, nn::Activation::Sigmoid,
                           nn::Activation::Softplus})
    names.emplace_back(a, nn::activation_name(a));
  return names;
}

}  // namespace

std::vector<std::pair<AceLoss, std::string>> ace_loss_field_names() {
  return {{AceLoss::Squared, "squared"}, {AceLoss::Poisson, "poisson"}};
}

std::vector<std::pair<ThetaSpace, std::string>> theta_space_field_names() {
  return {{ThetaSpace::constrained, "constrained"}, {ThetaSpace::unconstrained, "unconstrained"}};
}

const FieldTable<TargetSetOptions>& target_set_fields() {
  static const FieldTable<TargetSetOptions> table = {
      number_field("num_noise", &TargetSetOptions::num_noise, "noise-augmented targets", Index(0), kMax),
      number_field("noise_scale", &TargetSetOptions::noise_scale,
                   "noise sd per dimension, in units of the simulations' sd", 0.0, kInf),
  };
  return table;
}

const FieldTable<AceOptions>& ace_options_fields() {
  static const FieldTable<AceOptions> table = {
      number_field("hidden", &AceOptions::hidden, "units per layer of the cost network", Index(1), kMax),
      number_field("blocks", &AceOptions::blocks, "residual blocks of the cost network", Index(1), kMax),
      enum_field("activation", &AceOptions::activation, "the cost network's activation", activation_names()),
      number_field("targets_per_theta", &AceOptions::targets_per_theta, "targets x_t drawn per θ per epoch",
                   Index(1), kMax),
      number_field("observed_target_fraction", &AceOptions::observed_target_fraction,
                   "share of training pairs whose target is a known observation", 0.0, 1.0),
      object_field("targets", &AceOptions::targets, "the target set", target_set_fields()),
      bool_field("per_term", &AceOptions::per_term, "one network output per term of the distance"),
      enum_field("loss", &AceOptions::loss, "regression loss of the cost network", ace_loss_field_names()),
      number_field("scale_pairs", &AceOptions::scale_pairs, "random pairs that set the output scale", Index(1),
                   kMax),
      number_field("seed", &AceOptions::seed, "seed of the targets, pairs and initial weights"),
  };
  return table;
}

}  // namespace sbi::inference
