// Model-file tags: task names or escaped prior files (see model_tag.hpp).
#include "simulators/model_tag.hpp"

#include "core/errors.hpp"

namespace sbi::sim {

namespace {

constexpr const char* kPrefix = "prior:";

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%') out += "%25";
    else if (c == ';') out += "%3B";
    else if (c == '=') out += "%3D";
    else out += c;
  }
  return out;
}

std::string unescape(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    const std::string code = text.substr(i + 1, 2);
    if (code == "25") out += '%';
    else if (code == "3B") out += ';';
    else if (code == "3D") out += '=';
    else throw ValueError("model tag: unknown escape '%" + code + "'");
    i += 2;
  }
  return out;
}

}  // namespace

std::string prior_model_tag(const PriorFile& prior) { return kPrefix + escape(prior.json); }

std::optional<PriorFile> prior_from_model_tag(const std::string& tag) {
  if (tag.rfind(kPrefix, 0) != 0) return std::nullopt;
  return parse_prior_json(unescape(tag.substr(std::string(kPrefix).size())), "the model file's prior");
}

std::string model_tag(const Task& task) {
  if (task.prior_json.empty()) return task.name;
  return kPrefix + escape(task.prior_json);
}

Task task_from_model_tag(const std::string& tag) {
  if (auto prior = prior_from_model_tag(tag)) return make_prior_task(*prior);
  return make_task(tag);
}

}  // namespace sbi::sim
