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

const FieldTable<TargetSetSettings>& target_set_fields() {
  static const FieldTable<TargetSetSettings> table = {
      number_field("num_noise", &TargetSetSettings::num_noise, "noise-augmented targets", Index(0), kMax),
      number_field("noise_scale", &TargetSetSettings::noise_scale,
                   "noise sd per dimension, in units of the simulations' sd", 0.0, kInf),
  };
  return table;
}

const FieldTable<AceSettings>& ace_options_fields() {
  static const FieldTable<AceSettings> table = {
      number_field("hidden", &AceSettings::hidden, "units per layer of the cost network", Index(1), kMax),
      number_field("blocks", &AceSettings::blocks, "residual blocks of the cost network", Index(1), kMax),
      enum_field("activation", &AceSettings::activation, "the cost network's activation", activation_names()),
      number_field("targets_per_theta", &AceSettings::targets_per_theta, "targets x_t drawn per θ per epoch",
                   Index(1), kMax),
      number_field("observed_target_fraction", &AceSettings::observed_target_fraction,
                   "share of training pairs whose target is a known observation", 0.0, 1.0),
      object_field("targets", &AceSettings::targets, "the target set", target_set_fields()),
      bool_field("per_term", &AceSettings::per_term, "one network output per term of the distance"),
      enum_field("loss", &AceSettings::loss, "regression loss of the cost network", ace_loss_field_names()),
      number_field("scale_pairs", &AceSettings::scale_pairs, "random pairs that set the output scale", Index(1),
                   kMax),
      number_field("seed", &AceSettings::seed, "seed of the targets, pairs and initial weights"),
  };
  return table;
}

}  // namespace sbi::inference
