// The restriction classifier and the restricted prior (see restriction.hpp).
#include "sequential/restriction.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "inference/rng_streams.hpp"
#include "nn/mlp.hpp"
#include "nn/standardizer.hpp"

namespace sbi::inference {

namespace {

void check_options(const RestrictionSettings& o) {
  if (o.hidden < 1 || o.hidden > RestrictionSettings::kMaxHidden || o.layers < 0 || o.layers > 8)
    throw ValueError("restriction classifier: hidden must be in 1.." + std::to_string(RestrictionSettings::kMaxHidden) +
                     " and layers in 0..8");
  if (!(o.allowed_false_negatives >= 0 && o.allowed_false_negatives < 1))
    throw ValueError("restriction: allowed_false_negatives must be in [0, 1)");
  if (!(o.probability_threshold >= 0 && o.probability_threshold < 1))
    throw ValueError("restriction: probability_threshold must be in [0, 1)");
  if (!(o.min_acceptance > 0 && o.min_acceptance <= 1) || o.calibration_draws < 100)
    throw ValueError("restriction: min_acceptance must be in (0, 1] and calibration_draws at least 100");
}

// Class-balanced BCE on logits: L = mean_i w_i [softplus(f_i) − y_i f_i].
nn::TrainResult train_network(nn::MLP& net, const MatrixF& theta_z, const MatrixF& label,
                              const MatrixF& weight, const nn::TrainSettings& options) {
  auto loss = [&net](ad::Tape& tape, const nn::Batch& batch) {
    const ad::Var logit = net.forward(tape, batch.inputs[0]);
    return ad::mean(batch.inputs[2] * (ad::softplus(logit) - batch.inputs[1] * logit));
  };
  return nn::train({&theta_z, &label, &weight}, net.parameters(), loss, options);
}

}  // namespace

RestrictionClassifier RestrictionClassifier::fit(const MatrixD& theta, const std::vector<bool>& valid,
                                                 const RestrictionSettings& options) {
  check_options(options);
  const Index n = theta.rows();
  if (static_cast<Index>(valid.size()) != n)
    throw ShapeError("RestrictionClassifier: " + std::to_string(valid.size()) + " flags for " +
                     std::to_string(n) + " rows of θ");
  if (theta.cols() > RestrictionSettings::kMaxHidden)
    throw ValueError("restriction: at most " + std::to_string(RestrictionSettings::kMaxHidden) + " parameters, got " +
                     std::to_string(theta.cols()));
  const Index n_valid = std::count(valid.begin(), valid.end(), true);
  if (n_valid == 0)
    throw ValueError("restriction: none of the " + std::to_string(n) +
                     " first simulations is valid, so there is nothing to learn the valid region from");
  RestrictionClassifier c;
  const nn::Standardizer z = nn::Standardizer::fit(theta);
  c.mean_.assign(z.mean().data(), z.mean().data() + theta.cols());
  c.sd_.assign(z.sd().data(), z.sd().data() + theta.cols());
  if (n_valid == n) return c;  // nothing invalid seen: accept everything

  MatrixF label(n, 1), weight(n, 1);
  for (Index i = 0; i < n; ++i) {
    const bool ok = valid[static_cast<std::size_t>(i)];
    label(i, 0) = ok ? 1.f : 0.f;
    weight(i, 0) = static_cast<float>(double(n) / (2.0 * double(ok ? n_valid : n - n_valid)));
  }
  Rng init(derive_seed(options.seed, streams::kRestrictionInit));
  nn::MLP net({theta.cols(), std::vector<Index>(static_cast<std::size_t>(options.layers), options.hidden), 1,
               nn::Activation::Relu, nn::Activation::Identity},
              init);
  nn::TrainSettings training = options.training;
  training.seed = derive_seed(options.seed, streams::kRestrictionTraining);
  train_network(net, z.transform(theta).cast<float>(), label, weight, training);
  for (nn::Linear& layer : net.layers()) {
    c.weights_.push_back(layer.weight.value.cast<double>());
    c.biases_.push_back(layer.bias.value.cast<double>().transpose());
  }

  if (options.probability_threshold > 0) {
    c.threshold_ = options.probability_threshold;
  } else {  // the allowed_false_negatives-quantile of c(θ) over the valid θ
    const VectorD p = c.probability_valid(theta);
    std::vector<double> p_valid;
    for (Index i = 0; i < n; ++i)
      if (valid[static_cast<std::size_t>(i)]) p_valid.push_back(p(i));
    std::sort(p_valid.begin(), p_valid.end());
    const auto k = std::min<std::size_t>(
        p_valid.size() - 1, static_cast<std::size_t>(std::floor(options.allowed_false_negatives * double(p_valid.size()))));
    c.threshold_ = p_valid[k];
  }
  return c;
}

RestrictionClassifier RestrictionClassifier::from_parts(std::vector<double> mean, std::vector<double> sd,
                                                        std::vector<MatrixD> weights, std::vector<VectorD> biases,
                                                        double threshold) {
  const auto fail = [](const std::string& what) { throw ValueError("restriction classifier: " + what); };
  const Index d = static_cast<Index>(mean.size());
  if (d < 1 || sd.size() != mean.size()) fail("the standardizer's mean and sd must have the same, positive length");
  for (Index j = 0; j < d; ++j)
    if (!std::isfinite(mean[std::size_t(j)]) || !(sd[std::size_t(j)] > 0) || !std::isfinite(sd[std::size_t(j)]))
      fail("the standardizer of parameter " + std::to_string(j) + " is not finite with sd > 0");
  if (weights.size() != biases.size()) fail("as many bias vectors as weight matrices are needed");
  if (!(threshold >= 0 && threshold <= 1)) fail("the threshold must be in [0, 1]");
  Index width = d;
  for (std::size_t k = 0; k < weights.size(); ++k) {
    const MatrixD& w = weights[k];
    const std::string layer = "layer " + std::to_string(k);
    if (w.cols() != width || w.rows() < 1 || w.rows() > RestrictionSettings::kMaxHidden || biases[k].size() != w.rows())
      fail(layer + " is " + std::to_string(w.rows()) + "x" + std::to_string(w.cols()) + " with " +
           std::to_string(biases[k].size()) + " biases; it must take " + std::to_string(width) +
           " inputs, give at most " + std::to_string(RestrictionSettings::kMaxHidden) + " outputs, one bias each");
    if (!w.allFinite() || !biases[k].allFinite()) fail(layer + " holds non-finite values");
    width = w.rows();
  }
  if (!weights.empty() && width != 1) fail("the last layer must give one logit");
  if (d > RestrictionSettings::kMaxHidden) fail("at most " + std::to_string(RestrictionSettings::kMaxHidden) + " parameters");
  RestrictionClassifier c;
  c.mean_ = std::move(mean);
  c.sd_ = std::move(sd);
  c.weights_ = std::move(weights);
  c.biases_ = std::move(biases);
  c.threshold_ = threshold;
  return c;
}

double RestrictionClassifier::probability_valid(const double* theta) const {
  if (weights_.empty()) return 1.0;
  std::array<double, RestrictionSettings::kMaxHidden> a{}, b{};
  const Index d = dim();
  for (Index j = 0; j < d; ++j) a[std::size_t(j)] = (theta[j] - mean_[std::size_t(j)]) / sd_[std::size_t(j)];
  Index width = d;
  for (std::size_t k = 0; k < weights_.size(); ++k) {
    const MatrixD& w = weights_[k];
    const bool last = k + 1 == weights_.size();
    for (Index o = 0; o < w.rows(); ++o) {
      double s = biases_[k](o);
      for (Index i = 0; i < width; ++i) s += w(o, i) * a[std::size_t(i)];
      b[std::size_t(o)] = last ? s : std::max(s, 0.0);
    }
    width = w.rows();
    std::swap(a, b);
  }
  return 1.0 / (1.0 + std::exp(-a[0]));
}

VectorD RestrictionClassifier::probability_valid(const MatrixD& theta) const {
  if (theta.cols() != dim())
    throw ShapeError("RestrictionClassifier: θ has " + std::to_string(theta.cols()) + " columns, expected " +
                     std::to_string(dim()));
  VectorD out(theta.rows());
  parallel_for(theta.rows(), 256, [&](Index b, Index e) {
    RowVectorD row(theta.cols());
    for (Index i = b; i < e; ++i) {
      row = theta.row(i);
      out(i) = probability_valid(row.data());
    }
  });
  return out;
}

RestrictedPrior::RestrictedPrior(sim::PriorPtr base, std::shared_ptr<const RestrictionClassifier> classifier,
                                 const RestrictionSettings& options)
    : base_(std::move(base)), classifier_(std::move(classifier)), settings_(options) {
  check_options(options);
  if (!base_ || !classifier_) throw ValueError("RestrictedPrior: needs a prior and a classifier");
  if (classifier_->dim() != base_->dim())
    throw ShapeError("RestrictedPrior: the classifier takes " + std::to_string(classifier_->dim()) +
                     " parameters, the prior has " + std::to_string(base_->dim()));
  const MatrixD draws = base_->sample(options.calibration_draws, derive_seed(options.seed, streams::kRestrictionCalibration));
  const VectorD p = classifier_->probability_valid(draws);
  std::vector<Index> kept;
  for (Index i = 0; i < draws.rows(); ++i)
    if (p(i) >= classifier_->threshold()) kept.push_back(i);
  acceptance_ = double(kept.size()) / double(draws.rows());
  if (acceptance_ < options.min_acceptance)
    throw ValueError("restriction: the classifier accepts " + std::to_string(kept.size()) + " of " +
                     std::to_string(draws.rows()) + " prior draws (below the minimum acceptance " +
                     std::to_string(options.min_acceptance) + "); it would reject almost everything");
  log_acceptance_ = std::log(acceptance_);
  mean_ = base_->mean();
  sd_ = base_->sd();
  if (kept.size() >= 2) {
    const MatrixD accepted = draws(kept, Eigen::placeholders::all);
    mean_ = accepted.colwise().mean().transpose();
    sd_ = ((accepted.rowwise() - mean_.transpose()).array().square().colwise().sum() / double(kept.size() - 1))
              .sqrt().transpose();
  }
}

std::string RestrictedPrior::describe() const {
  return "restricted " + base_->describe() + " (classifier threshold " + std::to_string(classifier_->threshold()) +
         ", acceptance " + std::to_string(acceptance_) + ")";
}

void RestrictedPrior::sample_one(double* theta, Rng& rng) const {
  for (Index t = 0; t < kMaxTries; ++t) {
    base_->sample_one(theta, rng);
    if (classifier_->accepts(theta)) return;
  }
}

double RestrictedPrior::log_prob_one(const double* theta) const {
  const double lp = base_->log_prob_one(theta);
  if (!std::isfinite(lp) || !classifier_->accepts(theta)) return -std::numeric_limits<double>::infinity();
  return lp - log_acceptance_;
}

bool RestrictedPrior::in_support_one(const double* theta) const {
  return base_->in_support_one(theta) && classifier_->accepts(theta);
}

void RestrictedPrior::to_unconstrained_one(const double* theta, double* z) const {
  base_->to_unconstrained_one(theta, z);
}

double RestrictedPrior::from_unconstrained_one(const double* z, double* theta) const {
  return base_->from_unconstrained_one(z, theta);
}

// Inside the region the indicator is constant, so the gradients are the base prior's.
void RestrictedPrior::log_prob_gradient_one(const double* theta, double* grad) const {
  base_->log_prob_gradient_one(theta, grad);
}

void RestrictedPrior::pullback_gradient_one(const double* z, const double* grad_theta, double* grad_z) const {
  base_->pullback_gradient_one(z, grad_theta, grad_z);
}

}  // namespace sbi::inference
