// The --c2st-classifier option shared by `sbi benchmark` and `sbi metrics`: which classifier
// the C2ST trains (diagnostics/c2st.hpp): mlp (sbibm's, the default) or forest (the `sbi`
// package's c2st() default, a random forest).
#pragma once
#include "cli/args.hpp"
#include "diagnostics/c2st.hpp"

namespace sbi::cli {

void add_c2st_classifier_option(Args& args);

// C2stOptions with the chosen classifier (the other fields at their defaults); UsageError
// naming the choices for an unknown name.
diagnostics::C2stOptions c2st_options_from(const Args& args);

}  // namespace sbi::cli
