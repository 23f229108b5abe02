// Distances for benchmark tasks (see task_distance.hpp).
#include "inference/task_distance.hpp"

#include "core/errors.hpp"

namespace sbi::inference {

namespace {

// MAE on z-scored values: asked for, or the task's own distance.
bool is_mae_zscored(const sim::Task& task, const std::string& kind) {
  return kind == "mae_zscored" || (kind == "task" && task.distance_name == "mae_zscored");
}

}  // namespace

PairDistance pair_distance_for_task(const sim::Task& task, const std::string& kind,
                                    const MatrixD& simulations) {
  if (kind == "mse") return mse_pair_distance();
  if (is_mae_zscored(task, kind)) {
    if (simulations.rows() < 2)
      throw ValueError("mae_zscored distance: simulations are needed to compute the scales");
    const RowVectorD mean = simulations.colwise().mean();
    const RowVectorD sd =
        ((simulations.rowwise() - mean).array().square().colwise().sum() / double(simulations.rows() - 1)).sqrt();
    return mae_zscored_pair_distance(sd);
  }
  if (kind == "trial_energy") return trial_energy_pair_distance(task.num_trials);
  if (kind != "task")
    throw ValueError("unknown distance '" + kind + "' (task, mse, mae_zscored, trial_energy)");
  if (!task.has_distance() || task.distance_name == "mse") return mse_pair_distance();
  if (task.num_trials > 1 && task.distance_name.rfind("mmd", 0) == 0)
    return trial_mmd_pair_distance(task.num_trials, 0.01);
  return pair_distance_from(task.distance_name, task.distance);
}

bool task_distance_has_terms(const sim::Task& task, const std::string& kind) {
  // mae_zscored needs simulations for its scales, but has terms whatever they are.
  return is_mae_zscored(task, kind) || static_cast<bool>(pair_distance_for_task(task, kind).terms);
}

}  // namespace sbi::inference
