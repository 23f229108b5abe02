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

}  // namespace sbi::inference
