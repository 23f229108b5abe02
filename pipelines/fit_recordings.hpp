// `sbi fit-recordings` as a library call: fits Allen recordings of Hodgkin–Huxley neurons with
// ACE (every β) and NPE on one shared simulation set (run_hodgkin_huxley.hpp) and writes the
// run folder: summary.json (settings, per-recording metrics, timings), metrics.csv, samples,
// model.sbi (ACE), npe.sbi and figures.
#pragma once
#include "pipelines/run_hodgkin_huxley.hpp"
#include "pipelines/run_job.hpp"

namespace sbi::pipelines {

// SettingsError naming the flag of the first value the fit refuses.
void check_fit_settings(const HHJobSettings& settings);

// Runs the fit into settings.job.out (staged: the folder appears only once it has finished).
// ValueError, after the folder is written, when a requested posterior failed.
RunResult fit_recordings(HHJobSettings settings, const Log& log);

}  // namespace sbi::pipelines
