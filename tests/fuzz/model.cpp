// Fuzz target: model files of every method (nn/model_file.hpp load_archive, then the model the
// file says it holds: ACE through Ace::from_archive, NPE/NLE/NRE/NRE-C/rejection ABC through
// inference::load_method, under the restricted prior a file may hold: sequential/restriction_file.hpp),
// for the task recorded in the file, as `sbi sample` loads them.
#include <map>

#include "fuzz_file.hpp"
#include "inference/ace.hpp"
#include "inference/method.hpp"
#include "nn/model_file.hpp"
#include "sequential/restriction_file.hpp"
#include "simulators/task.hpp"

namespace {
const sbi::sim::Task& task_named(const std::string& name) {
  static std::map<std::string, sbi::sim::Task> tasks;  // building a task once per name
  auto it = tasks.find(name);
  if (it == tasks.end()) it = tasks.emplace(name, sbi::sim::make_task(name)).first;
  return it->second;
}
}  // namespace

SBI_FUZZ_CONTAINER_TARGET("sbi", [](const std::string& path) {
  const sbi::nn::ModelArchive archive = sbi::nn::load_archive(path);
  const sbi::inference::ModelFileInfo info = sbi::inference::model_file_info(archive);
  if (info.tag.empty()) return;
  const sbi::sim::Task& task = task_named(info.tag);
  if (info.kind == "ace") sbi::inference::Ace::from_archive(archive, path, task.prior);
  else sbi::inference::load_method(archive, path, sbi::inference::model_prior(archive, task.prior));
})
