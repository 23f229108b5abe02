// Prior files: a user's prior p(θ) as JSON, built from the shipped prior classes.
//
//   {"parameters": [
//     {"name": "g",   "distribution": "uniform",   "low": 0.5, "high": 80},
//     {"name": "tau", "distribution": "lognormal", "mu": 0.0,  "sigma": 1.0},
//     {"name": "b",   "distribution": "normal",    "mean": 0.0, "std": 2.0},
//     {"names": ["a1", "a2"], "distribution": "multivariate_normal",
//      "mean": [0, 1], "covariance": [[1, 0.5], [0.5, 2]]}
//   ]}
//
// θ lists the parameters in file order. Consecutive entries of one kind form one component
// (uniform → BoxUniformPrior, lognormal → LogNormalPrior, normal → GaussianPrior with a diagonal
// covariance, each multivariate_normal block → GaussianPrior); several components form a
// ProductPrior, log p(θ) = Σ_k log p_k(θ^(k)), each with its own bijection.
// Errors (ValueError) name the source, the parameter (name and 1-based index) and the field.
// The format is documented in docs/prior_files.md.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "simulators/prior.hpp"
#include "simulators/task.hpp"

namespace sbi::sim {

struct PriorFile {
  PriorPtr prior;                  // built from the existing prior classes with their bijections
  std::vector<std::string> names;  // one per θ dimension
  std::string json;                // canonical compact JSON text (parse(json) reproduces it)
};

// `source` names the text in errors (e.g. the file path).
PriorFile parse_prior_json(const std::string& text, const std::string& source = "prior file");
// IOError when the file cannot be read; parse_prior_json's errors otherwise.
PriorFile read_prior_file(const std::string& path);

// A Task with this prior and parameter names and no simulator (simulator may be attached later
// by the caller; data_names "x_1".. are set when x_dim is known: from the simulator, or given).
Task make_prior_task(const PriorFile& prior, std::shared_ptr<const Simulator> simulator = nullptr,
                     std::vector<std::string> data_names = {});

}  // namespace sbi::sim
