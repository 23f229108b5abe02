// The field table of pipelines::TrainingOverrides (core/settings_fields.hpp): the training
// settings a user sets on top of a method's own (ACE: Adam 1e-3, batch 500, patience 100, at most
// 1000 epochs; the others sbi's: Adam 5e-4, batch 200, patience 20, until patience runs out).
// Unset fields are null in JSON and keep the method's value:
//   {"max_epochs": null, "patience": 30, "batch_size": null, "learning_rate": 0.0005}
// Flags: --max-epochs, --patience, --batch-size, --lr (learning_rate's stated flag name).
#pragma once
#include "core/settings_fields.hpp"
#include "pipelines/train_method.hpp"

namespace sbi::pipelines {

const FieldTable<TrainingOverrides>& training_overrides_fields();

}  // namespace sbi::pipelines
