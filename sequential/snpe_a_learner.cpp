// SNPE-A's rounds (see snpe_a.hpp, round_learner.hpp), as sbi's SNPE_A: a one-component MDN
// trained by maximum likelihood on the latest round's pairs only (continuing from its weights;
// z-scoring fitted on round 1). Those pairs all come from one Gaussian proposal p̃, so the MDN
// learns ∝ p(x | θ)p̃(θ) and the correction by p̃ is exact (sbi restricts SNPE-A to the last
// round's samples for this reason, sbi PR #478; pairs of earlier rounds came from other
// proposals and would need a correction by their mixture, which is not Gaussian). Each round's
// posterior, corrected for that round's proposal, is a single Gaussian and proposes the next; in the final round the MDN is expanded to K
// components (the estimator spec's `components`, default 10; sbi's num_components) by copying
// the single one with a perturbation of 5·10⁻³·N(0, 1) on the output layer (sbi's
// component_perturbation) and trained on. With one round, K components are trained from the
// start. The posterior is the MDN's mixture at x_o corrected for the latest proposal (none in
// round 1: p̃ = p), truncated to a box prior.
#include <optional>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "flows/mdn.hpp"
#include "inference/npe.hpp"
#include "inference/rng_streams.hpp"
#include "sequential/round_learner.hpp"
#include "inference/snpe_a.hpp"
#include "inference/snpe_a_model.hpp"

namespace sbi::inference {

namespace {

constexpr double kComponentPerturbation = 5e-3;

class SnpeALearner final : public RoundLearner {
 public:
  SnpeALearner(const sim::PriorPtr& prior, Index x_dim, const SequentialSettings& options)
      : prior_(prior), options_(options), data_(prior, x_dim) {
    // Checked before any simulation.
    const flows::EstimatorSettings c = estimator_config(options.estimator, 1, 1, 0);
    if (c.kind != "mdn")
      throw ValueError("SNPE-A trains a mixture density network: --estimator mdn (sizes after ':', e.g. "
                       "mdn:components=10), not '" + options.estimator + "'");
    if (options.theta_space != ThetaSpace::constrained)
      throw ValueError("SNPE-A corrects Gaussians in θ's own coordinates: --theta-space constrained");
    components_ = c.components;
    snpe_a_prior_gaussian(*prior);  // a Gaussian or box prior
  }
  Index append(const MatrixD& theta, const MatrixD& x, const std::shared_ptr<Posterior>& proposal) override {
    proposal_.reset();
    if (proposal) {
      const auto* mixture = dynamic_cast<const MixturePosterior*>(proposal.get());
      if (!mixture) throw ValueError("SNPE-A: a proposal must be an SNPE-A posterior (a Gaussian)");
      proposal_ = mixture->gaussian();
    }
    latest_first_ = data_.size();
    return data_.append(theta, x);
  }
  int train(int round, const nn::TrainSettings& options) override {
    const Index rows = data_.size() - latest_first_;  // the latest round's finite pairs
    if (rows < 2) throw ValueError("SNPE-A: fewer than 2 finite simulations in round " + std::to_string(round + 1));
    const MatrixD theta = data_.theta().bottomRows(rows), x = data_.x().bottomRows(rows);
    const bool final_round = round == options_.rounds - 1;
    const std::uint64_t network_seed = derive_seed(options_.seed, streams::kNetworkStream);
    flows::FitResult fit;
    if (!estimator_) {
      estimator_ = PosteriorEstimator::build(spec(final_round ? components_ : 1), prior_, ThetaSpace::constrained,
                                             data_.x_dim(), network_seed, options_.embedding);
      fit = estimator_->fit(theta, x, options, /*fit_standardizers=*/true);
    } else {
      if (final_round && components_ > 1) expand(network_seed);
      fit = estimator_->fit(theta, x, options, /*fit_standardizers=*/false);
    }
    return static_cast<int>(fit.train.epochs.size());
  }
  std::shared_ptr<Posterior> posterior(const RowVectorD& x_o) const override {
    if (!estimator_) throw ValueError("SNPE-A: not trained");
    return snpe_a_posterior(*estimator_, proposal_, x_o);
  }
  const SimulationData& data() const override { return data_; }
  nn::ModelArchive archive(const std::string& tag) const override {
    if (!estimator_) throw ValueError("SNPE-A: not trained");
    return snpe_a_model_archive(*estimator_, proposal_, tag);
  }

 private:
  std::string spec(Index components) const { return options_.estimator + ":components=" + std::to_string(components); }
  // The trained one-component MDN copied into a K-component one (sbi's _expand_mog).
  void expand(std::uint64_t network_seed) {
    PosteriorEstimator wide =
        PosteriorEstimator::build(spec(components_), prior_, ThetaSpace::constrained, data_.x_dim(), network_seed,
                                  options_.embedding);
    auto& to = dynamic_cast<flows::MDN&>(wide.flow());
    to.expand_from(dynamic_cast<flows::MDN&>(estimator_->flow()), kComponentPerturbation,
                   derive_seed(options_.seed, streams::kSnpeAExpansion));
    estimator_ = std::move(wide);
  }

  sim::PriorPtr prior_;
  SequentialSettings options_;
  SimulationData data_;
  Index components_ = 10;
  Index latest_first_ = 0;  // the first stored row of the latest round
  std::optional<Gaussian> proposal_;  // the latest round's; empty: the prior
  std::optional<PosteriorEstimator> estimator_;
};

}  // namespace

std::unique_ptr<RoundLearner> make_snpe_a_learner(const sim::PriorPtr& prior, Index x_dim,
                                                  const SequentialSettings& options) {
  return std::make_unique<SnpeALearner>(prior, x_dim, options);
}

}  // namespace sbi::inference
