// SNPE-A posteriors and model files (see snpe_a_model.hpp).
#include "inference/snpe_a_model.hpp"

#include "core/errors.hpp"
#include "flows/mdn.hpp"
#include "inference/model_io.hpp"

namespace sbi::inference {

namespace {
constexpr const char* kTagKey = ";tag=";
}  // namespace

std::shared_ptr<MixturePosterior> snpe_a_posterior(const PosteriorEstimator& mdn, const std::optional<Gaussian>& proposal,
                                                   const RowVectorD& x_o) {
  auto* net = dynamic_cast<flows::MDN*>(&mdn.flow());
  if (!net) throw ValueError("SNPE-A: the estimator is not a mixture density network");
  require_finite("SNPE-A posterior: observation", MatrixD(x_o));
  flows::GaussianMixture q = net->mixture(x_o.cast<float>());
  if (proposal) q = correct_for_proposal(q, *proposal, snpe_a_prior_gaussian(*mdn.prior()));
  return std::make_shared<MixturePosterior>(std::move(q), mdn.prior());
}

nn::ModelArchive snpe_a_model_archive(const PosteriorEstimator& mdn, const std::optional<Gaussian>& proposal,
                                      const std::string& tag) {
  nn::ModelArchive archive;
  mdn.flow().write_to(archive, "estimator.");
  archive.kind = kSnpeAKind;
  archive.architecture += kTagKey + tag;
  if (proposal) {
    archive.add("proposal.mean", MatrixD(proposal->mean));
    archive.add("proposal.precision", proposal->precision);
  }
  return archive;
}

SnpeAModel load_snpe_a_model(const std::string& path, const sim::PriorPtr& prior) {
  return snpe_a_model_from_archive(nn::load_archive(path), path, prior);
}

SnpeAModel snpe_a_model_from_archive(nn::ModelArchive archive, const std::string& path, const sim::PriorPtr& prior) {
  require_method_kind(archive, path, kSnpeAKind, "SNPE-A");
  SnpeAModel model;
  const auto at = archive.architecture.rfind(kTagKey);
  if (at == std::string::npos) throw IOError("'" + path + "': SNPE-A model without its tag entry");
  model.tag = archive.architecture.substr(at + std::string(kTagKey).size());
  archive.architecture.resize(at);
  archive.kind = flows::kEstimatorKind;
  EstimatorPtr flow(flows::read_estimator(archive, "estimator."));
  require_prior_dim(path, flow->y_dim(), prior);
  if (!dynamic_cast<flows::MDN*>(flow.get())) throw IOError("'" + path + "': SNPE-A model without a mixture density network");
  const Index d = flow->y_dim();
  if (archive.has("proposal.mean"))
    model.proposal = Gaussian{archive.get_d("proposal.mean", d, 1), archive.get_d("proposal.precision", d, d)};
  model.mdn = std::make_shared<PosteriorEstimator>(std::move(flow), prior, ThetaSpace::constrained);
  return model;
}

}  // namespace sbi::inference
