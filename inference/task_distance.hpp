// The paired distance ACE uses for a benchmark task: the task's own distance when it has one
// (MSE, or the trial MMD of gaussian_mixture_trials), MAE on z-scored statistics when asked
// for, and MSE otherwise.
#pragma once
#include <string>

#include "inference/pair_distance.hpp"
#include "simulators/task.hpp"

namespace sbi::inference {

// kind: "task" (the task's distance, MSE when it has none), "mse", "mae_zscored" (scales =
// the per-dimension sd of `simulations`, which must then be given), or "trial_energy" (the
// energy distance between trial sets; a task with one trial gives 2‖x - t‖).
PairDistance pair_distance_for_task(const sim::Task& task, const std::string& kind = "task",
                                    const MatrixD& simulations = {});
// Whether that distance is a mean of per-value terms (PairDistance::terms: mse, mae_zscored),
// as ACE's per-term outputs need; known before any simulation.
bool task_distance_has_terms(const sim::Task& task, const std::string& kind = "task");

}  // namespace sbi::inference
