// The field table of the training overrides (see training_fields.hpp).
#include "pipelines/training_fields.hpp"

#include <limits>

namespace sbi::pipelines {

const FieldTable<TrainingOverrides>& training_overrides_fields() {
  using T = TrainingOverrides;
  constexpr int kMaxInt = std::numeric_limits<int>::max();
  static const FieldTable<TrainingOverrides> table = {
      optional_number_field("max_epochs", &T::max_epochs, "training epochs at most (default: ACE 1000, others "
                            "until patience runs out)", 1, kMaxInt),
      optional_number_field("patience", &T::patience, "stop after N epochs without validation improvement "
                            "(default: ACE 100, others 20)", 1, kMaxInt),
      optional_number_field("batch_size", &T::batch_size, "training minibatch size (default: ACE 500, others 200; "
                            "sbibm's runs used 10000, i.e. full batches at its budgets)", 1, kMaxInt),
      optional_number_field("learning_rate", &T::learning_rate, "Adam learning rate, > 0 (default: ACE 0.001, "
                            "others 0.0005)", 0.0, std::numeric_limits<double>::infinity()),
  };
  return table;
}

}  // namespace sbi::pipelines
