// The field table of pipelines::CalibrationJobSettings (core/settings_fields.hpp): the `sbi
// calibrate` flags declared once (the flag is the name with dashes: coverage_out →
// --coverage-out), e.g.
//   {"method": "npe", "sims": 10000, "runs": 200, "num_samples": 100, "bins": 0, "seed": 0,
//    "max_epochs": 100000, "model": "", "simulations": "", "marginal_coverage": false,
//    "out": "", "coverage_out": ""}
// The estimator spec is not in the table (its own flag, --estimator). Ranges are those
// check_calibration_settings enforces (runs, num_samples ≥ 1; sims ≥ 1 unless a model is given).
#pragma once
#include "core/settings_fields.hpp"
#include "pipelines/calibration.hpp"

namespace sbi::pipelines {

const FieldTable<CalibrationJobSettings>& calibration_settings_fields();

}  // namespace sbi::pipelines
