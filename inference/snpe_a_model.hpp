// SNPE-A's posterior from a trained MDN, and its model file (kind "snpe_a"). The file holds the
// MDN (as an NPE model does, under "estimator.") and, when the last round's proposal was not the
// prior, that proposal's Gaussian ("proposal.mean", "proposal.precision"): the correction
// q(θ | x)·p(θ)/p̃(θ) (snpe_a.hpp) is then redone for any x, so `sbi sample` reads the file like
// any other model. The tag is the architecture's last entry, as for NPE.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "inference/posterior_estimator.hpp"
#include "inference/snpe_a.hpp"

namespace sbi::inference {

inline constexpr const char* kSnpeAKind = "snpe_a";

// The MDN's mixture at x_o corrected for `proposal` (none: the prior proposed, nothing to
// correct), restricted to the prior's support. ValueError as correct_for_proposal.
std::shared_ptr<MixturePosterior> snpe_a_posterior(const PosteriorEstimator& mdn, const std::optional<Gaussian>& proposal,
                                                   const RowVectorD& x_o);

// An SNPE-A model file's archive: the MDN and the proposal it corrects for (nn::save_archive writes it).
nn::ModelArchive snpe_a_model_archive(const PosteriorEstimator& mdn, const std::optional<Gaussian>& proposal,
                                      const std::string& tag);

struct SnpeAModel {
  std::shared_ptr<PosteriorEstimator> mdn;
  std::optional<Gaussian> proposal;
  std::string tag;
};
// IOError naming the file for another kind, a corrupt file or θ of another dimension than the prior's.
SnpeAModel load_snpe_a_model(const std::string& path, const sim::PriorPtr& prior);
// The same from an archive already read from `path` (named in errors).
SnpeAModel snpe_a_model_from_archive(nn::ModelArchive archive, const std::string& path, const sim::PriorPtr& prior);

}  // namespace sbi::inference
