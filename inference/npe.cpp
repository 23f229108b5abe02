// Neural posterior estimation (see npe.hpp).
#include "inference/npe.hpp"

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "inference/mcmc_posterior.hpp"
#include "inference/model_io.hpp"
#include "inference/npe_flow_potential.hpp"
#include "inference/rng_streams.hpp"
#include "inference/support_rejection.hpp"

namespace sbi::inference {

namespace {
constexpr const char* kKind = "npe";
constexpr Index kAcceptanceProbe = 10000;
}  // namespace

// ---- posterior ----
NpePosterior::NpePosterior(PosteriorEstimator estimator, RowVectorD x_o)
    : estimator_(std::move(estimator)), x_o_(std::move(x_o)) {
  require_shape("NPE posterior: observation", x_o_, 1, estimator_.context_dim());
  require_finite("NPE posterior: observation", MatrixD(x_o_));
  context_ = x_o_.cast<float>();
  has_log_prob_ = true;
}

MatrixD NpePosterior::sample(Index n, std::uint64_t seed) const {
  sampled_by_mcmc_ = false;
  const auto by_mcmc = [this, seed](Index count) {
    sampled_by_mcmc_ = true;
    const McmcPosterior inside(estimator_.prior(), posterior_flow_potential(estimator_, context_), McmcSettings{},
                               "NPE posterior q(theta | x_o) inside the prior's support");
    return inside.sample(count, derive_seed(seed, streams::kNpeSampleMcmc));
  };
  return sample_inside_support(*estimator_.prior(), n, seed, "NPE posterior", "the estimator",
                               [this](Index m, std::uint64_t s) { return estimator_.sample(m, context_, s); },
                               by_mcmc);
}

double NpePosterior::acceptance_rate() const {
  if (estimator_.space() == ThetaSpace::unconstrained) return 1.0;
  if (acceptance_ < 0) acceptance_ = support_fraction(*estimator_.prior(), estimator_.sample(kAcceptanceProbe, context_, 0x5eed));
  return acceptance_;
}

VectorD NpePosterior::log_prob(const MatrixD& theta) const {
  require_shape("NPE posterior log_prob: theta", theta, -1, dim());
  VectorD lp = estimator_.log_prob(theta, context_);
  if (estimator_.space() == ThetaSpace::unconstrained) return lp;  // −∞ outside already
  // Constrained: q restricted to the support and renormalised by its mass there.
  const std::vector<bool> inside = estimator_.prior()->in_support(theta);
  const double log_acceptance = std::log(acceptance_rate());
  for (Index i = 0; i < lp.size(); ++i)
    lp(i) = inside[static_cast<std::size_t>(i)] ? lp(i) - log_acceptance : -INFINITY;
  return lp;
}

// ---- method ----
Npe::Npe(sim::PriorPtr prior, NpeSettings options)
    : prior_(std::move(prior)), options_(std::move(options)), data_(prior_) {
  estimator_config(options_.estimator, 1, 1, 0);  // validates the name early
}

Index Npe::append_simulations(const MatrixD& theta, const MatrixD& x) { return data_.append(theta, x); }

flows::FitResult Npe::train(const nn::TrainSettings& options) {
  if (data_.size() < 10)
    throw ValueError("NPE::train: need at least 10 simulations, have " + std::to_string(data_.size()));
  estimator_ = std::make_shared<PosteriorEstimator>(PosteriorEstimator::build(
      options_.estimator, prior_, options_.theta_space, data_.x_dim(), derive_seed(options_.seed, streams::kEstimatorInit),
      options_.embedding));
  nn::TrainSettings t = options;
  if (t.seed == 0) t.seed = derive_seed(options_.seed, streams::kTraining);
  return estimator_->fit(data_.theta(), data_.x(), t);
}

const PosteriorEstimator& Npe::estimator() const {
  if (!estimator_) throw ValueError("NPE: the estimator is not trained (call train() or load())");
  return *estimator_;
}

std::shared_ptr<NpePosterior> Npe::posterior(const RowVectorD& x_o) const {
  return std::make_shared<NpePosterior>(estimator(), x_o);
}

nn::ModelArchive npe_model_archive(const PosteriorEstimator& estimator, const std::string& tag) {
  nn::ModelArchive archive;
  estimator.flow().write_to(archive, "estimator.");
  archive.kind = kKind;
  // The estimator's architecture, the θ space, then the tag as the last entry (both stripped
  // again on load).
  archive.architecture += flow_model_suffix(estimator.space(), tag);
  return archive;
}

void Npe::save(const std::string& path, const std::string& tag) const {
  nn::save_archive(path, npe_model_archive(estimator(), tag));
}

Npe Npe::load(const std::string& path, sim::PriorPtr prior, std::string* tag) {
  return from_archive(nn::load_archive(path), path, std::move(prior), tag);
}

Npe Npe::from_archive(nn::ModelArchive archive, const std::string& path, sim::PriorPtr prior, std::string* tag) {
  require_method_kind(archive, path, kKind, "NPE");
  const FlowModelSuffix suffix = strip_flow_model_suffix(archive.architecture, path, "NPE");
  if (tag) *tag = suffix.tag;
  const ThetaSpace space = suffix.space;
  archive.kind = flows::kEstimatorKind;
  const nn::Architecture arch = nn::Architecture::parse(archive.architecture);
  Npe npe(prior, NpeSettings{arch.get("kind"), 0, space});
  EstimatorPtr flow(flows::read_estimator(archive, "estimator."));
  require_prior_dim(path, flow->y_dim(), prior);
  npe.estimator_ = std::make_shared<PosteriorEstimator>(std::move(flow), prior, space);
  return npe;
}

}  // namespace sbi::inference
