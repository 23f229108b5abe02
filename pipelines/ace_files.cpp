// Reading ACE model files given on the command line (see ace_files.hpp).
#include "pipelines/ace_files.hpp"

#include "core/errors.hpp"
#include "pipelines/job.hpp"
#include "inference/method.hpp"
#include "simulators/model_tag.hpp"

namespace sbi::pipelines {

namespace {
std::string problem_name(const std::string& tag) {
  return sim::prior_from_model_tag(tag) ? "a prior file's prior" : "task '" + tag + "'";
}
}  // namespace

inference::AceEnsemble load_ace_files(const std::vector<std::string>& files, const nn::ModelArchive& first,
                                      const sim::Task& task, double disagreement_penalty) {
  // The network is what sampling and cost evaluation need; the file's own distance is rebuilt
  // where it can be (mse; mae_zscored with its stored scales), else loaded as a stand-in.
  std::vector<inference::Ace> members;
  for (std::size_t k = 0; k < files.size(); ++k) {
    const std::string& file = files[k];
    const nn::ModelArchive archive = k == 0 ? first : nn::load_archive(file);
    const inference::ModelFileInfo member = inference::model_file_info(archive);
    if (member.kind != "ace" || member.tag != sim::model_tag(task))
      throw SettingsError("'" + file + "' holds a '" + member.kind + "' model of " + problem_name(member.tag) +
                       "; every --model file of an ensemble must be an ACE model of " +
                       problem_name(sim::model_tag(task)));
    members.push_back(inference::Ace::from_archive(archive, file, task.prior));
  }
  return inference::AceEnsemble(std::move(members), disagreement_penalty);
}

}  // namespace sbi::pipelines
