// The field table of HHJobSettings' own settings (core/settings_fields.hpp): what `sbi
// fit-recordings` adds to the job table (pipelines/job_fields.hpp), declared once. Flags:
// --recording, --npe-max-epochs, --npe-batch-size, --save-simulations, --simulations (from
// simulations_from) and --ace-models (from ace_models_from).
//   {"recording": "", "npe_max_epochs": 1073741824, "npe_batch_size": 200, "save_simulations": false,
//    "simulations_from": "", "ace_models_from": ""}
#pragma once
#include "core/settings_fields.hpp"
#include "pipelines/run_hodgkin_huxley.hpp"

namespace sbi::pipelines {

const FieldTable<HHJobSettings>& recording_fit_fields();

}  // namespace sbi::pipelines
