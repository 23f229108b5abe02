// Reading ACE model files given on the command line (`sbi sample`, `sbi cost`): one file is a
// single cost network, several (model.sbi,model_member2.sbi,... from `sbi run --ace-members`)
// form an ensemble. Every file must be an ACE model of the same task.
#pragma once
#include <string>
#include <vector>

#include "inference/ace_ensemble.hpp"
#include "nn/model_file.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

// `files` are read once each; `first` is the already-loaded archive of files[0] (whose kind and
// task the caller has checked). Throws SettingsError naming a file that is not an ACE model of `task`.
inference::AceEnsemble load_ace_files(const std::vector<std::string>& files, const nn::ModelArchive& first,
                                      const sim::Task& task, double disagreement_penalty);

}  // namespace sbi::pipelines
