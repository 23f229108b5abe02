// The field tables of the restriction settings (see restriction_fields.hpp).
#include "sequential/restriction_fields.hpp"

#include <limits>

#include "sequential/validity_rule.hpp"

namespace sbi::inference {

namespace {
constexpr Index kMax = std::numeric_limits<Index>::max();

// The rule as its text; a text that does not parse is refused with the parser's message.
Field<RestrictedSimulationSettings> rule_field() {
  Field<RestrictedSimulationSettings> f{"rule", "restrict the prior to θ predicted to simulate validly (sbi's "
                               "RestrictionEstimator) by this rule: finite (NaN/inf x is invalid) or bounds on x columns, "
                               "e.g. x0>=1 (Hodgkin-Huxley: at least one spike); invalid simulations are counted and not "
                               "trained on", FieldKind::String, {}, {}, {}, {}};
  f.get = [](const RestrictedSimulationSettings& s) { return nlohmann::json(s.rule.str()); };
  f.set = [](RestrictedSimulationSettings& s, const nlohmann::json& j) {
    if (!j.is_string()) throw ValueError("must be a string, got " + j.dump());
    s.rule = parse_validity_rule(j.get<std::string>());
  };
  return f;
}
}  // namespace

const FieldTable<RestrictionSettings>& restriction_options_fields() {
  using R = RestrictionSettings;
  static const FieldTable<R> table = {
      number_field("hidden", &R::hidden, "units per hidden layer of the classifier", Index(1), R::kMaxHidden),
      number_field("layers", &R::layers, "hidden layers of the classifier", Index(0), Index(8)),
      number_field("allowed_false_negatives", &R::allowed_false_negatives, "the share of the valid first "
                   "simulations the restriction may reject (sbi's allowed_false_negatives), below 1", 0.0, 1.0),
      number_field("probability_threshold", &R::probability_threshold, "> 0: the classifier's threshold itself "
                   "instead of the allowed_false_negatives rule, below 1", 0.0, 1.0),
      number_field("min_acceptance", &R::min_acceptance, "refuse a restriction that accepts less of the prior",
                   0.0, 1.0),
      number_field("calibration_draws", &R::calibration_draws, "prior draws estimating the acceptance rate",
                   Index(100), kMax),
      number_field("seed", &R::seed, "seed of the network's initial weights and the calibration draws"),
  };
  return table;
}

const FieldTable<RestrictedSimulationSettings>& restricted_simulation_fields() {
  using S = RestrictedSimulationSettings;
  static const FieldTable<S> table = {
      rule_field(),
      number_field("first", &S::first, "simulations from the prior that train the classifier, at least 10 "
                   "(0, the default: a tenth of all, at least 100)", Index(0), kMax),
      number_field("total", &S::total, "simulations in all", Index(0), kMax),
      number_field("seed", &S::seed, "seed of the simulations and the classifier"),
      object_field("classifier", &S::classifier, "the classifier of valid simulations", restriction_options_fields()),
  };
  return table;
}

}  // namespace sbi::inference
