// Reading and checking θ/x files against a task (see training_files.hpp).
#include "datasets/training_files.hpp"

#include <algorithm>

#include "core/array_file.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"

namespace sbi::sim {

namespace {

std::string shape(const MatrixD& m) { return std::to_string(m.rows()) + "x" + std::to_string(m.cols()); }

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

}  // namespace

void check_training_set(const MatrixD& theta, const MatrixD& x, const Task& task, const std::string& theta_source,
                        const std::string& x_source) {
  const Index d = task.theta_dim();
  if (theta.cols() != d)
    throw ShapeError(theta_source + " is " + shape(theta) + ": " + std::to_string(theta.cols()) +
                     " columns, but the prior has " + std::to_string(d) + " parameters (" +
                     joined(task.parameter_names) + ")");
  if (theta.rows() < 1) throw ShapeError(theta_source + " has no rows");
  if (x.rows() != theta.rows())
    throw ShapeError(theta_source + " has " + std::to_string(theta.rows()) + " rows but " + x_source + " has " +
                     std::to_string(x.rows()) + " (" + shape(theta) + " against " + shape(x) + ")");
  if (task.x_dim() > 0 && x.cols() != task.x_dim())
    throw ShapeError(x_source + " is " + shape(x) + ": " + std::to_string(x.cols()) + " columns, but task '" +
                     task.name + "' has x of dimension " + std::to_string(task.x_dim()));
  if (x.cols() < 1) throw ShapeError(x_source + " has no columns");
  const std::vector<bool> inside = task.prior->in_support(theta);
  for (Index i = 0; i < theta.rows(); ++i) {
    if (!theta.row(i).allFinite())
      throw ValueError(theta_source + ": row " + std::to_string(i + 1) + " is not finite");
    if (!inside[static_cast<std::size_t>(i)]) {
      std::string values;
      for (Index j = 0; j < d; ++j)
        values += (j ? ", " : "") + task.parameter_names[static_cast<std::size_t>(j)] + "=" +
                  std::to_string(theta(i, j));
      throw ValueError(theta_source + ": row " + std::to_string(i + 1) + " (" + values +
                       ") lies outside the prior's support " + task.prior->describe());
    }
  }
}

// A θ header naming the prior's parameters in another order would silently swap columns.
void check_theta_header(const std::vector<std::string>& header, const Task& task, const std::string& source) {
  if (header.empty() || header == task.parameter_names) return;
  std::vector<std::string> a = header, b = task.parameter_names;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  if (a == b)
    throw ValueError(source + ": its header (" + joined(header) + ") names the parameters in another order than " +
                     "the prior (" + joined(task.parameter_names) + "); reorder the columns");
}

TrainingFiles read_training_files(const std::string& theta_path, const std::string& x_path, const Task& task) {
  ArrayFile theta = read_array_file(theta_path);
  ArrayFile x = read_array_file(x_path);
  check_training_set(theta.values, x.values, task, "θ file '" + theta_path + "'", "x file '" + x_path + "'");
  check_theta_header(theta.header, task, "θ file '" + theta_path + "'");
  TrainingFiles files;
  files.theta = std::move(theta.values);
  files.x = std::move(x.values);
  files.x_names = x.header.empty() ? numbered_names("x", files.x.cols()) : std::move(x.header);
  return files;
}

Task with_data_names(Task task, const std::vector<std::string>& x_names) {
  if (!task.simulator) task.data_names = x_names;
  return task;
}

}  // namespace sbi::sim
