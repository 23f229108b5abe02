// --restrict and --restrict-first (see restrict_option.hpp).
#include "cli/restrict_option.hpp"

#include "cli/args.hpp"
#include "core/errors.hpp"
#include "inference/restricted_simulation.hpp"
#include "inference/validity_rule.hpp"

namespace sbi::cli {

void add_restrict_options(Args& args) {
  args.option("restrict", "RULE", "restrict the prior to θ predicted to simulate validly (sbi's RestrictionEstimator): "
                                  "finite (NaN/inf x is invalid) or bounds on x columns, e.g. x0>=1 (Hodgkin-Huxley: "
                                  "at least one spike); invalid simulations are counted and not trained on")
      .option("restrict-first", "N", "with --restrict: simulations from the prior that train the classifier "
                                      "(default: a tenth of --sims, at least 100)")
      .option("restrict-false-negatives", "F", "with --restrict: the share of the valid first simulations the "
                                               "restriction may reject (sbi's allowed_false_negatives; default 0)");
}

std::optional<inference::RestrictionSettings> restriction_option(const Args& args) {
  if (!args.has("restrict")) {
    if (args.has("restrict-first") || args.has("restrict-false-negatives"))
      throw UsageError("--restrict-first and --restrict-false-negatives apply with --restrict");
    return std::nullopt;
  }
  inference::RestrictionSettings s;
  try {
    s.rule = inference::parse_validity_rule(args.get("restrict"));
  } catch (const ValueError& e) {
    throw UsageError(std::string("--restrict: ") + e.what());
  }
  if (args.has("restrict-first")) {
    s.first = args.get_int("restrict-first");
    if (s.first < 10) throw UsageError("--restrict-first must be at least 10");
  }
  if (args.has("restrict-false-negatives")) {
    s.classifier.allowed_false_negatives = args.get_double("restrict-false-negatives");
    if (!(s.classifier.allowed_false_negatives >= 0 && s.classifier.allowed_false_negatives < 1))
      throw UsageError("--restrict-false-negatives must be in [0, 1)");
  }
  return s;
}

}  // namespace sbi::cli
