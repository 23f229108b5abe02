// The field table of pipelines::BenchmarkSettings (core/settings_fields.hpp): the `sbi benchmark`
// flags a field declares once (name, help, range, enum names; the flag is the name with dashes:
// cost_monte_carlo → --cost-monte-carlo), e.g.
//   {"method": "npe", "num_samples": 10000, "predictive_sims": 1000, "seed": 0,
//    "max_epochs": 100000, "sampler": "slice", "betas": [], "cost_thetas": 200, "cost_sims": 1000,
//    "range_sims": 100000, "cost_monte_carlo": false, "ace_members": 1, "ace_per_term": false,
//    "ace_hidden": 64, "ace_blocks": 3, "ace_loss": "squared", "lf_sims": 10000, "lf_task": "",
//    "rounds": 0, "atoms": 10, "reference_dir": "", "out": "", "markdown": "", "save_samples": ""}
// Not in the table: the budgets and observation numbers (lists parsed from "1-10"), the training
// overrides, the estimator, embedding and restriction specs, and the C2ST options.
// rounds 0 means the method's own count; a value set from JSON or a flag must be ≥ 1.
#pragma once
#include "core/settings_fields.hpp"
#include "pipelines/benchmark_settings.hpp"

namespace sbi::pipelines {

const FieldTable<BenchmarkSettings>& benchmark_settings_fields();

}  // namespace sbi::pipelines
