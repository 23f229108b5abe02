// Loading checks shared by every method's model file (ACE, NPE, NRE): the archive must hold the
// expected kind of model, and the network must be for θ of the prior's dimension. Both fail
// with an IOError naming the file before any weight is used.
#pragma once
#include <string>

#include "inference/posterior_estimator.hpp"
#include "nn/model_file.hpp"
#include "simulators/prior.hpp"

namespace sbi::inference {

// load_archive(path), then IOError unless archive.kind == kind ("'<path>' holds a 'npe' model,
// not an ACE model").
nn::ModelArchive load_method_archive(const std::string& path, const std::string& kind,
                                     const std::string& method_name);
// The same check for an archive already read from `path`.
void require_method_kind(const nn::ModelArchive& archive, const std::string& path, const std::string& kind,
                         const std::string& method_name);
// IOError unless a prior is given and its dimension equals theta_dim.
void require_prior_dim(const std::string& path, Index theta_dim, const sim::PriorPtr& prior);

// NPE and NLE files hold a flow's architecture followed by ";theta_space=<name>;tag=<tag>".
// flow_model_suffix writes that tail; strip_flow_model_suffix removes it from `architecture`
// and returns the space (constrained in older files without one) and the tag, or throws an
// IOError naming the file and the method (no tag, unknown space).
std::string flow_model_suffix(ThetaSpace space, const std::string& tag);
struct FlowModelSuffix {
  ThetaSpace space = ThetaSpace::constrained;
  std::string tag;
};
FlowModelSuffix strip_flow_model_suffix(std::string& architecture, const std::string& path,
                                        const std::string& method_name);

}  // namespace sbi::inference
