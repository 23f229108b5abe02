// The field table of SequentialTrainSettings' own settings (core/settings_fields.hpp): what the
// multi-round methods add to a training run, declared once for `sbi train`'s flags (--rounds,
// --atoms). The method, budget, seed and training settings are the one-round run's.
//   {"rounds": 10, "atoms": 10}
#pragma once
#include "core/settings_fields.hpp"
#include "pipelines/train_sequential.hpp"

namespace sbi::pipelines {

const FieldTable<SequentialTrainSettings>& sequential_train_fields();

}  // namespace sbi::pipelines
