// Neural likelihood estimation (see nle.hpp).
#include "inference/nle.hpp"

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "inference/model_io.hpp"
#include "inference/nle_potential.hpp"
#include "inference/npe.hpp"
#include "inference/rng_streams.hpp"

namespace sbi::inference {

namespace {
constexpr const char* kKind = "nle";
}  // namespace

Nle::Nle(sim::PriorPtr prior, NleSettings options)
    : prior_(std::move(prior)), options_(std::move(options)), data_(prior_) {
  estimator_config(options_.estimator, 1, 1, 0);  // validates the name early
}

Index Nle::append_simulations(const MatrixD& theta, const MatrixD& x) { return data_.append(theta, x); }

flows::FitResult Nle::train(const nn::TrainSettings& options, TrainStart start) {
  if (data_.size() < 10)
    throw ValueError("NLE::train: need at least 10 simulations, have " + std::to_string(data_.size()));
  const bool fresh = !estimator_ || start == TrainStart::fresh;
  if (fresh)
    estimator_ = flows::build_estimator(estimator_config(options_.estimator, data_.x_dim(), data_.theta_dim(),
                                                        derive_seed(options_.seed, streams::kEstimatorInit),
                                                        options_.embedding));
  const MatrixF theta = theta_in_space(*prior_, options_.theta_space, data_.theta()).cast<float>();
  const MatrixF x = data_.x().cast<float>();
  nn::TrainSettings t = options;
  if (t.seed == 0) t.seed = derive_seed(options_.seed, streams::kTraining);
  return flows::fit_estimator(*estimator_, x, theta, t, /*fit_standardizers=*/fresh);
}

VectorD Nle::log_likelihood(const MatrixD& theta, const RowVectorD& x_o) const {
  if (!estimator_) throw ValueError("NLE: the estimator is not trained");
  require_shape("NLE log_likelihood: theta", theta, -1, prior_->dim());
  require_shape("NLE log_likelihood: observation", x_o, 1, estimator_->y_dim());
  // One row of y is broadcast to every θ row by the estimator.
  const MatrixF condition = theta_in_space(*prior_, options_.theta_space, theta).cast<float>();
  return estimator_->log_prob(MatrixF(x_o.cast<float>()), condition).cast<double>();
}

std::shared_ptr<McmcPosterior> Nle::posterior(const RowVectorD& x_o, const McmcSettings& mcmc) const {
  if (!estimator_) throw ValueError("NLE: the estimator is not trained");
  require_shape("NLE posterior: observation", x_o, 1, estimator_->y_dim());
  require_finite("NLE posterior: observation", MatrixD(x_o));
  // Flows run the tape-free evaluator, built here once (masked weights, standardizers); other
  // estimators (MDN, embedding nets) the tape.
  const mcmc::LogDensity potential = likelihood_potential(estimator_, flows::FlowEvaluator::build(*estimator_),
                                                          prior_, x_o.cast<float>(), options_.theta_space);
  return std::make_shared<McmcPosterior>(prior_, potential, mcmc, "NLE posterior q(x_o | theta) p(theta)");
}

nn::ModelArchive Nle::archive(const std::string& tag) const {
  if (!estimator_) throw ValueError("NLE::save: the estimator is not trained");
  nn::ModelArchive archive;
  estimator_->write_to(archive, "estimator.");
  archive.kind = kKind;
  archive.architecture += flow_model_suffix(options_.theta_space, tag);  // stripped on load
  return archive;
}

void Nle::save(const std::string& path, const std::string& tag) const { nn::save_archive(path, archive(tag)); }

Nle Nle::load(const std::string& path, sim::PriorPtr prior, std::string* tag) {
  return from_archive(nn::load_archive(path), path, std::move(prior), tag);
}

Nle Nle::from_archive(nn::ModelArchive archive, const std::string& path, sim::PriorPtr prior, std::string* tag) {
  require_method_kind(archive, path, kKind, "NLE");
  const FlowModelSuffix suffix = strip_flow_model_suffix(archive.architecture, path, "NLE");
  if (tag) *tag = suffix.tag;
  NleSettings settings;
  settings.theta_space = suffix.space;
  archive.kind = flows::kEstimatorKind;
  const nn::Architecture arch = nn::Architecture::parse(archive.architecture);
  settings.estimator = arch.get("kind");
  Nle nle(prior, settings);
  nle.estimator_ = flows::read_estimator(archive, "estimator.");
  // The estimator models x given θ: its context is θ.
  require_prior_dim(path, nle.estimator_->context_dim(), prior);
  return nle;
}

}  // namespace sbi::inference
