// The --c2st-classifier option (see c2st_option.hpp).
#include "cli/c2st_option.hpp"

#include <string>

#include "core/errors.hpp"

namespace sbi::cli {

void add_c2st_classifier_option(Args& args) {
  args.option("c2st-classifier", "NAME", "C2ST classifier: mlp (sbibm's) or forest (the sbi package's c2st() "
                                         "default, a random forest of 100 trees; the multifidelity-NPE paper's "
                                         "tables)", "mlp");
}

diagnostics::C2stOptions c2st_options_from(const Args& args) {
  diagnostics::C2stOptions options;
  try {
    options.classifier = diagnostics::parse_c2st_classifier(args.get("c2st-classifier"));
  } catch (const ValueError& e) {
    throw UsageError(std::string("--c2st-classifier: ") + e.what());
  }
  return options;
}

}  // namespace sbi::cli
