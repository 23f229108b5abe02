// A benchmark task: prior + simulator + names and dimensions, plus the optional pieces some
// tasks have: a tractable log-likelihood, a reference-posterior sampler, a distance between
// simulations and an observation (ACE/GBI tasks), an exact expected cost
// c(θ, x_o) = E_{x ~ p(x|θ)}[d(x, x_o)], and a task-specific misspecified observation.
// Absent pieces are empty std::functions; the evaluate_/sample_ members throw NotFoundError
// naming the task and the missing piece.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/tensor.hpp"
#include "simulators/prior.hpp"
#include "simulators/simulator.hpp"

namespace sbi::sim {

struct Task {
  // Per θ row, given one observation x_o (1 × x_dim): log-likelihoods or expected costs.
  using ThetaObsFn = std::function<VectorD(const MatrixD& theta, const RowVectorD& x_o)>;
  // Per x row, given x_o: distances d(x, x_o).
  using DistanceFn = std::function<VectorD(const MatrixD& x, const RowVectorD& x_o)>;
  // n posterior samples for x_o (thread-count independent for a given seed).
  using ReferenceFn = std::function<MatrixD(const RowVectorD& x_o, Index n, std::uint64_t seed)>;
  // A misspecified observation for the given seed (overrides the generic recipe).
  using MisspecifiedFn = std::function<RowVectorD(std::uint64_t seed)>;

  std::string name;
  std::string description;
  PriorPtr prior;
  std::shared_ptr<const Simulator> simulator;
  std::vector<std::string> parameter_names;
  std::vector<std::string> data_names;
  Index num_trials = 1;  // x is num_trials iid blocks of x_dim / num_trials values
  // A task built from a prior file: the file's canonical JSON (model files record it, see
  // simulators/model_tag.hpp); empty for the built-in tasks.
  std::string prior_json;

  ThetaObsFn log_likelihood;
  ReferenceFn reference_sampler;
  std::string reference_unavailable;  // why there is no reference sampler (for the error)
  DistanceFn distance;
  std::string distance_name;
  ThetaObsFn exact_cost;
  MisspecifiedFn misspecified_observation;

  Index theta_dim() const { return prior->dim(); }
  // Without a simulator (a task built from a prior file and simulation files): data_names.size().
  Index x_dim() const { return simulator ? simulator->x_dim() : static_cast<Index>(data_names.size()); }

  MatrixD sample_prior(Index n, std::uint64_t seed) const { return prior->sample(n, seed); }
  // θ rows → x rows; row i uses Rng(seed, i). Checks θ's width.
  MatrixD simulate(const MatrixD& theta, std::uint64_t seed) const;

  bool has_log_likelihood() const { return static_cast<bool>(log_likelihood); }
  bool has_reference() const { return static_cast<bool>(reference_sampler); }
  bool has_distance() const { return static_cast<bool>(distance); }
  bool has_exact_cost() const { return static_cast<bool>(exact_cost); }

  // Shape-checked calls of the optional pieces (NotFoundError when the task lacks one).
  VectorD evaluate_log_likelihood(const MatrixD& theta, const RowVectorD& x_o) const;
  MatrixD sample_reference_posterior(const RowVectorD& x_o, Index n, std::uint64_t seed) const;
  VectorD evaluate_distance(const MatrixD& x, const RowVectorD& x_o) const;
  VectorD evaluate_exact_cost(const MatrixD& theta, const RowVectorD& x_o) const;

  // Throws ValueError unless the task is complete and its names match its dimensions.
  void validate() const;
};

// --- registry ------------------------------------------------------------------------------
using TaskFactory = Task (*)();
struct TaskEntry {
  std::string name;
  std::string summary;
  TaskFactory make;
};

// All known tasks, in a fixed order (see task_registry.cpp: one line per task).
const std::vector<TaskEntry>& task_registry();
std::vector<std::string> task_names();
// Builds the named task; NotFoundError listing the known names otherwise.
Task make_task(const std::string& name);

}  // namespace sbi::sim
