// The field table of pipelines::JobSettings (core/settings_fields.hpp): one definition of the
// end-to-end job's settings — names, help texts, ranges, enum names — that drives the `sbi run`
// and `sbi fit-recordings` flags (a field's flag is its name with dashes: ace_hidden →
// --ace-hidden; learning_rate → --lr), a JSON --config and the "settings" block of summary.json:
//   {"task": "two_moons", "method": "ace", "sims": 10000, "seed": 0, "betas": [10, 100, 1000],
//    "num_samples": 10000, "predictive_sims": 1000, "distance": "task", "estimator": "maf",
//    "theta_space": "constrained", "max_epochs": 1000, "patience": 100, "batch_size": 500,
//    "learning_rate": 0.001, "range_sims": 100000, "mcmc": {mcmc::mcmc_settings_fields()},
//    "ace_observed_fraction": 0, "ace_members": 1, "ace_disagreement": 0, "ace_per_term": false,
//    "ace_hidden": 64, "ace_blocks": 3, "ace_targets_per_theta": 2, "ace_loss": "squared"}
// Not in the table: embedding and restriction (parsed specs, recorded as their text) and out.
// Ranges are the ones check_job_settings enforces; β > 0 is checked there.
#pragma once
#include "core/settings_fields.hpp"
#include "pipelines/job.hpp"

namespace sbi::pipelines {

const FieldTable<JobSettings>& job_settings_fields();

}  // namespace sbi::pipelines
