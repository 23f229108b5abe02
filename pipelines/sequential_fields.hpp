// The field table of SequentialJobSettings' own settings (core/settings_fields.hpp): what the
// multi-round methods add to a training run, declared once for the flags of `sbi train` (--rounds,
// --atoms). The method, budget, seed and training settings are the one-round run's.
//   {"rounds": 10, "atoms": 10}
#pragma once
#include "core/settings_fields.hpp"
#include "pipelines/sequential_options.hpp"

namespace sbi::pipelines {

const FieldTable<SequentialJobSettings>& sequential_job_fields();

}  // namespace sbi::pipelines
