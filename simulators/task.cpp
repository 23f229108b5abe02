// Task helpers: shape-checked access to the optional pieces, and consistency validation.
#include "simulators/task.hpp"

#include "core/errors.hpp"

namespace sbi::sim {

namespace {
[[noreturn]] void missing(const Task& t, const std::string& what, const std::string& why = "") {
  throw NotFoundError("task '" + t.name + "' has no " + what + (why.empty() ? "" : ": " + why));
}
}  // namespace

MatrixD Task::simulate(const MatrixD& theta, std::uint64_t seed) const {
  require_shape("task '" + name + "' simulate: theta", theta, -1, theta_dim());
  return simulator->simulate(theta, seed);
}

VectorD Task::evaluate_log_likelihood(const MatrixD& theta, const RowVectorD& x_o) const {
  if (!log_likelihood) missing(*this, "tractable log-likelihood");
  require_shape("task '" + name + "' log_likelihood: theta", theta, -1, theta_dim());
  require_shape("task '" + name + "' log_likelihood: x_o", x_o, 1, x_dim());
  return log_likelihood(theta, x_o);
}

MatrixD Task::sample_reference_posterior(const RowVectorD& x_o, Index n, std::uint64_t seed) const {
  if (!reference_sampler)
    missing(*this, "reference posterior sampler",
            reference_unavailable.empty() ? "not yet available" : reference_unavailable);
  require_shape("task '" + name + "' reference posterior: observation", x_o, 1, x_dim());
  if (!x_o.allFinite()) throw ValueError("task '" + name + "' reference posterior: observation is not finite");
  if (n < 0) throw ValueError("task '" + name + "' reference posterior: negative sample count " + std::to_string(n));
  return reference_sampler(x_o, n, seed);
}

VectorD Task::evaluate_distance(const MatrixD& x, const RowVectorD& x_o) const {
  if (!distance) missing(*this, "distance (it is not an ACE task)");
  require_shape("task '" + name + "' distance: x", x, -1, x_dim());
  require_shape("task '" + name + "' distance: x_o", x_o, 1, x_dim());
  return distance(x, x_o);
}

VectorD Task::evaluate_exact_cost(const MatrixD& theta, const RowVectorD& x_o) const {
  if (!exact_cost) missing(*this, "exact expected cost");
  require_shape("task '" + name + "' exact cost: theta", theta, -1, theta_dim());
  require_shape("task '" + name + "' exact cost: x_o", x_o, 1, x_dim());
  return exact_cost(theta, x_o);
}

void Task::validate() const {
  if (name.empty()) throw ValueError("task without a name");
  if (!prior || !simulator) throw ValueError("task '" + name + "' lacks a prior or a simulator");
  if (prior->dim() != simulator->theta_dim())
    throw ValueError("task '" + name + "': prior dim " + std::to_string(prior->dim()) +
                     " != simulator theta dim " + std::to_string(simulator->theta_dim()));
  if (static_cast<Index>(parameter_names.size()) != theta_dim() ||
      static_cast<Index>(data_names.size()) != x_dim())
    throw ValueError("task '" + name + "': " + std::to_string(parameter_names.size()) + " parameter names for dim " +
                     std::to_string(theta_dim()) + ", " + std::to_string(data_names.size()) +
                     " data names for dim " + std::to_string(x_dim()));
  if (num_trials < 1 || x_dim() % num_trials != 0)
    throw ValueError("task '" + name + "': x dim " + std::to_string(x_dim()) + " is not a multiple of " +
                     std::to_string(num_trials) + " trials");
}

std::vector<std::string> task_names() {
  std::vector<std::string> names;
  for (const auto& e : task_registry()) names.push_back(e.name);
  return names;
}

Task make_task(const std::string& name) {
  for (const auto& e : task_registry())
    if (e.name == name) {
      Task t = e.make();
      t.validate();
      return t;
    }
  std::string known;
  for (const auto& e : task_registry()) known += (known.empty() ? "" : ", ") + e.name;
  throw NotFoundError("unknown task '" + name + "'; known tasks: " + known);
}

}  // namespace sbi::sim
