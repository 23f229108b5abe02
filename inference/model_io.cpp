// Loading checks shared by the methods' model files (see model_io.hpp).
#include "inference/model_io.hpp"

#include "core/errors.hpp"

namespace sbi::inference {

nn::ModelArchive load_method_archive(const std::string& path, const std::string& kind,
                                     const std::string& method_name) {
  nn::ModelArchive archive = nn::load_archive(path);
  require_method_kind(archive, path, kind, method_name);
  return archive;
}

void require_method_kind(const nn::ModelArchive& archive, const std::string& path, const std::string& kind,
                         const std::string& method_name) {
  if (archive.kind != kind)
    throw IOError("'" + path + "' holds a '" + archive.kind + "' model, not an " + method_name + " model");
}

void require_prior_dim(const std::string& path, Index theta_dim, const sim::PriorPtr& prior) {
  if (!prior || prior->dim() != theta_dim)
    throw IOError("'" + path + "': the model is for θ of dimension " + std::to_string(theta_dim) +
                  ", the prior has " + std::to_string(prior ? prior->dim() : 0));
}

namespace {
constexpr const char* kTagKey = ";tag=";
constexpr const char* kSpaceKey = ";theta_space=";
}  // namespace

std::string flow_model_suffix(ThetaSpace space, const std::string& tag) {
  return std::string(kSpaceKey) + theta_space_name(space) + kTagKey + tag;
}

FlowModelSuffix strip_flow_model_suffix(std::string& architecture, const std::string& path,
                                        const std::string& method_name) {
  FlowModelSuffix suffix;
  const auto at = architecture.rfind(kTagKey);
  if (at == std::string::npos) throw IOError("'" + path + "': " + method_name + " model without its tag entry");
  suffix.tag = architecture.substr(at + std::string(kTagKey).size());
  architecture.resize(at);
  if (const auto s = architecture.rfind(kSpaceKey); s != std::string::npos) {
    try {
      suffix.space = parse_theta_space(architecture.substr(s + std::string(kSpaceKey).size()));
    } catch (const ValueError& e) {
      throw IOError("'" + path + "': corrupt " + method_name + " model: " + e.what());
    }
    architecture.resize(s);
  }
  return suffix;
}

}  // namespace sbi::inference
