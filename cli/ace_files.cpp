// Reading ACE model files given on the command line (see ace_files.hpp).
#include "cli/ace_files.hpp"

#include "cli/args.hpp"
#include "core/errors.hpp"
#include "inference/method.hpp"

namespace sbi::cli {

inference::AceEnsemble load_ace_files(const std::vector<std::string>& files, const nn::ModelArchive& first,
                                      const sim::Task& task, double disagreement_penalty) {
  // The network is what sampling and cost evaluation need; the file's own distance is rebuilt
  // where it can be (mse; mae_zscored with its stored scales), else loaded as a stand-in.
  std::vector<inference::Ace> members;
  for (std::size_t k = 0; k < files.size(); ++k) {
    const std::string& file = files[k];
    const nn::ModelArchive archive = k == 0 ? first : nn::load_archive(file);
    const inference::ModelFileInfo member = inference::model_file_info(archive);
    if (member.kind != "ace" || member.tag != task.name)
      throw UsageError("'" + file + "' holds a '" + member.kind + "' model of task '" + member.tag +
                       "'; every --model file of an ensemble must be an ACE model of task '" + task.name + "'");
    members.push_back(inference::Ace::from_archive(archive, file, task.prior));
  }
  return inference::AceEnsemble(std::move(members), disagreement_penalty);
}

}  // namespace sbi::cli
