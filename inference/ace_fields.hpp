// The field table of inference::AceSettings (core/settings_fields.hpp): one definition of the
// ACE network and training-pair settings' names, help texts, ranges and enum names, e.g.
//   {"hidden": 64, "blocks": 3, "activation": "relu", "targets_per_theta": 2,
//    "observed_target_fraction": 0.0, "targets": {"num_noise": 100, "noise_scale": 2.0},
//    "per_term": false, "loss": "squared", "scale_pairs": 1000, "seed": 0}
// Ranges are the ones Ace checks (targets_per_theta ≥ 1, observed_target_fraction in [0, 1])
// plus the obvious ones (sizes ≥ 1, counts and scales ≥ 0).
#pragma once
#include "core/settings_fields.hpp"
#include "inference/ace.hpp"
#include "inference/posterior_estimator.hpp"

namespace sbi::inference {

const FieldTable<TargetSetSettings>& target_set_fields();
const FieldTable<AceSettings>& ace_options_fields();
// Enum names for fields of these types in other tables (the job and benchmark settings).
std::vector<std::pair<AceLoss, std::string>> ace_loss_field_names();
std::vector<std::pair<ThetaSpace, std::string>> theta_space_field_names();

}  // namespace sbi::inference
