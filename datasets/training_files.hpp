// Simulations from files: θ and x read by core/array_file.hpp (.npy or CSV, with or without a
// header) and checked against a task before any training, so that a wrong file fails at once
// with the row or the shapes named:
//   θ's width must be the prior's dimension; x's width the task's x dimension (when the task
//   knows it); θ and x must have the same number of rows, at least one; every θ row must be
//   finite and inside the prior's support (the first offending row is named, 1-based); a θ
//   header that names the prior's parameters in another order is refused (other headers are
//   accepted as they are).
// x may hold NaN/inf: such rows are failed simulations, dropped and counted by the methods.
#pragma once
#include <string>
#include <vector>

#include "core/tensor.hpp"
#include "simulators/task.hpp"

namespace sbi::sim {

struct TrainingFiles {
  MatrixD theta, x;
  std::vector<std::string> x_names;  // x's header, or x_1, x_2, ... when it has none
};

// Reads and checks both files (IOError for unreadable files, ShapeError for shapes, ValueError
// for θ values; each names the file).
TrainingFiles read_training_files(const std::string& theta_path, const std::string& x_path, const Task& task);

// The checks above on matrices already in memory; `theta_source` and `x_source` name them.
void check_training_set(const MatrixD& theta, const MatrixD& x, const Task& task,
                        const std::string& theta_source = "theta", const std::string& x_source = "x");

// The task with x's names attached when it has no simulator (a prior-file task learns its
// x dimension from the simulations).
Task with_data_names(Task task, const std::vector<std::string>& x_names);

}  // namespace sbi::sim
