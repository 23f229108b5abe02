// The inputs of the commands that use a trained model (`sbi sample`, `sbi cost`): the model
// file list (model.sbi[,model_member2.sbi,...]) opened with the task or prior file it records,
// observation rows checked against that task, and the cost table of an ACE ensemble at given θ:
// one row per (observation r, θ i) with the cost m + λ·s, the member mean m and sd s.
#pragma once
#include <string>
#include <vector>

#include "inference/ace_ensemble.hpp"
#include "inference/method.hpp"
#include "nn/model_file.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

struct ModelFiles {
  std::vector<std::string> files;
  nn::ModelArchive first;          // files[0], read once
  inference::ModelFileInfo info;   // its kind and task tag
  sim::Task task;                  // the task (or prior file) it records
};

// `list`: comma-separated model files. SettingsError when it names none; IOError when the first
// file does not record its task.
ModelFiles open_model_files(const std::string& list);

// The rows of an observation file (.npy or CSV) for `task`: IOError without rows, ShapeError
// when the width is not the task's x dimension (unknown for a prior-file model: not checked).
MatrixD read_observation_rows(const std::string& path, const sim::Task& task);

// θ rows for the cost network: the task's width, finite, inside the prior's support (the
// network is only trained there); errors name the file and row.
MatrixD read_cost_parameters(const std::string& path, const sim::Task& task);

// Writes the cost table (CSV: observation, theta, cost, member_mean, member_sd) to `out`.
void write_ace_costs(const inference::AceEnsemble& ensemble, const MatrixD& theta, const MatrixD& observations,
                     double disagreement, const std::string& out);

}  // namespace sbi::pipelines
