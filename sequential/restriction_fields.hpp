// The field tables of the restriction settings (core/settings_fields.hpp), declared once for
// CLI flags, JSON and summaries:
//   restriction_options_fields()     RestrictionSettings: the classifier of valid simulations
//     {"hidden": 50, "layers": 2, "allowed_false_negatives": 0, "probability_threshold": 0,
//      "min_acceptance": 0.001, "calibration_draws": 10000, "seed": 0}
//   restricted_simulation_fields()   RestrictedSimulationSettings: the rule (as its text, e.g. "x0>=1" or
//     "finite"), N₀ = first (0: the front end's default), the total N, the seed, and the
//     classifier as the table above's object.
// Ranges are the closed ones RestrictionClassifier checks (hidden 1..256, layers 0..8,
// calibration_draws ≥ 100, min_acceptance and the two fractions in [0, 1]); the classifier
// also refuses a fraction of exactly 1 (its range is [0, 1)).
#pragma once
#include "core/settings_fields.hpp"
#include "sequential/restricted_simulation.hpp"

namespace sbi::inference {

const FieldTable<RestrictionSettings>& restriction_options_fields();
const FieldTable<RestrictedSimulationSettings>& restricted_simulation_fields();

}  // namespace sbi::inference
