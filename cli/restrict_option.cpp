// --restrict, --restrict-first and --restrict-false-negatives (see restrict_option.hpp).
#include "cli/restrict_option.hpp"

#include "cli/field_flags.hpp"
#include "sequential/restriction_fields.hpp"

namespace sbi::cli {

namespace {

// --restrict RULE and --restrict-first N from the restricted-simulation table, --restrict-false-negatives F
// from the classifier's.
const FlagSet& simulation_flags() {
  static const FlagSet flags{{"rule", "first"}, {{"rule", "restrict"}, {"first", "restrict-first"}}, {"rule", "first"}};
  return flags;
}
const FlagSet& classifier_flags() {
  static const FlagSet flags{{"allowed_false_negatives"}, {{"allowed_false_negatives", "restrict-false-negatives"}}, {}};
  return flags;
}

}  // namespace

void add_restrict_options(Args& args) {
  add_field_flags(args, inference::restricted_simulation_fields(), inference::RestrictedSimulationSettings{}, simulation_flags());
  add_field_flags(args, inference::restriction_options_fields(), inference::RestrictionSettings{}, classifier_flags());
}

std::optional<inference::RestrictedSimulationSettings> restriction_option(const Args& args) {
  if (!args.has("restrict")) {
    if (args.has("restrict-first") || args.has("restrict-false-negatives"))
      throw UsageError("--restrict-first and --restrict-false-negatives apply with --restrict");
    return std::nullopt;
  }
  inference::RestrictedSimulationSettings s;
  read_field_flags(args, inference::restricted_simulation_fields(), s, simulation_flags());
  read_field_flags(args, inference::restriction_options_fields(), s.classifier, classifier_flags());
  if (args.has("restrict-first") && s.first < 10) throw UsageError("--restrict-first must be at least 10");
  if (!(s.classifier.allowed_false_negatives < 1)) throw UsageError("--restrict-false-negatives must be below 1");
  return s;
}

}  // namespace sbi::cli
