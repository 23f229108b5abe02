// A restriction saved with a multi-round model (`sbi train|run --method snpe-c|snle|... --restrict`,
// Python run_sequential(restriction=...)), so that `sbi sample`, `sbi calibrate --model` and
// Python's load sample under the restricted prior
//   p̃_R(θ) = p(θ)·1[c(θ) ≥ τ] / A
// the model was trained for, not under the plain prior. The classifier c is stored in the model
// file under the prefix "restriction." (the networks' loaders ignore other prefixes, so a file
// with a restriction loads in any reader of its kind):
//   restriction.standardizer   2×d  (mean; sd of θ)
//   restriction.layer<k>.weight out×in, restriction.layer<k>.bias 1×out   (k = 0, 1, …)
//   restriction.settings       1×5  (τ, calibration draws, minimum acceptance, seed high/low 32 bits)
// all float64. On load the RestrictedPrior is rebuilt from the same seed and draws, so its
// acceptance rate A and every draw equal those of the run that saved it.
#pragma once
#include <memory>
#include <string>

#include "nn/model_file.hpp"
#include "sequential/restriction.hpp"

namespace sbi::inference {

// Adds p̃_R's classifier and settings to a model's archive.
void add_restriction(nn::ModelArchive& archive, const RestrictedPrior& restricted);

// Whether the archive holds a restriction.
bool has_restriction(const nn::ModelArchive& archive);

// The prior a model was trained for: `base` restricted by the archive's classifier, or `base`
// itself when the archive holds none. IOError naming the file for a malformed restriction.
sim::PriorPtr model_prior(const nn::ModelArchive& archive, const sim::PriorPtr& base);
sim::PriorPtr model_prior(const std::string& path, const sim::PriorPtr& base);

// Writes archive (+ the restriction when `restricted` is set) to path, atomically.
void save_with_restriction(const std::string& path, nn::ModelArchive archive, const RestrictedPrior* restricted);

}  // namespace sbi::inference
