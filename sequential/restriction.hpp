// Restricting the prior to parameters that give valid simulations (as sbi's
// RestrictionEstimator; Lueckmann et al. 2017, Deistler et al. 2022).
//
// RestrictionClassifier: an MLP c(θ) = σ(f(θ̂)) on z-scored θ, trained with the project's
// trainer on the binary cross-entropy of "x valid" (validity_rule.hpp), classes weighted
// n / (2 n_class) so that a rare class counts as much as a common one:
//   L = mean_i w_i [softplus(f_i) − y_i f_i].
// Threshold τ: a fixed probability, or (sbi's rule) the `allowed_false_negatives`-quantile of
// c(θ) over the valid training θ, so at most that fraction of the θ seen to simulate validly is
// rejected (sbi's default 0: the smallest such c).
//
// RestrictedPrior: p̃(θ) = p(θ)·1[c(θ) ≥ τ] / A, with A = P_p(c(θ) ≥ τ) the acceptance rate,
// estimated on `calibration_draws` prior draws. Sampling is by rejection from the prior, row i
// on its own stream Rng(seed, i) (Prior::sample), so draws do not depend on threads. A guard
// refuses a classifier that accepts less than `min_acceptance` of the prior (ValueError):
// it would reject (almost) everything. The bijection is the base prior's; log_prob is −∞ where
// c(θ) < τ, so MCMC posteriors on it stay inside the restricted region.
// Correctness: methods trained on θ ~ p̃ learn the posterior restricted to {c ≥ τ}; it equals
// the true posterior for x_o where the classifier has no false negatives.
#pragma once
#include <memory>
#include <vector>

#include "core/tensor.hpp"
#include "nn/trainer.hpp"
#include "simulators/prior.hpp"

namespace sbi::inference {

struct RestrictionSettings {
  Index hidden = 50;                     // units per hidden layer (at most kMaxHidden)
  Index layers = 2;                      // hidden layers
  double allowed_false_negatives = 0.0;  // quantile rule for τ (sbi's default)
  double probability_threshold = 0.0;    // > 0: τ itself, instead of the quantile rule
  double min_acceptance = 1e-3;          // guard: refuse a restriction accepting less
  Index calibration_draws = 10000;       // prior draws estimating the acceptance rate
  nn::TrainSettings training;             // sbi's defaults (Adam 5e-4, batch 200, patience 20)
  std::uint64_t seed = 0;                // network initialisation and calibration draws
  static constexpr Index kMaxHidden = 256;
};

class RestrictionClassifier {
 public:
  // Trains on θ (prior coordinates) and one flag per row. ValueError when no row is valid;
  // with no invalid row, c ≡ 1 (nothing to restrict) and no network is trained.
  static RestrictionClassifier fit(const MatrixD& theta, const std::vector<bool>& valid,
                                   const RestrictionSettings& options);
  // c(θ) for one row (dim() values): plain double arithmetic, no allocation.
  double probability_valid(const double* theta) const;
  VectorD probability_valid(const MatrixD& theta) const;  // per row, parallel
  bool accepts(const double* theta) const { return probability_valid(theta) >= threshold_; }
  double threshold() const { return threshold_; }
  Index dim() const { return static_cast<Index>(mean_.size()); }
  bool trivial() const { return weights_.empty(); }  // no invalid training row: accepts all

  // The fitted parts, for saving with a model (restriction_file.hpp).
  const std::vector<double>& mean() const { return mean_; }
  const std::vector<double>& sd() const { return sd_; }
  const std::vector<MatrixD>& weights() const { return weights_; }
  const std::vector<VectorD>& biases() const { return biases_; }
  // A classifier from saved parts; ValueError naming the first inconsistency (sizes, widths
  // above kMaxHidden, a last layer not of one logit, non-finite values, sd ≤ 0, τ outside [0, 1]).
  static RestrictionClassifier from_parts(std::vector<double> mean, std::vector<double> sd,
                                          std::vector<MatrixD> weights, std::vector<VectorD> biases, double threshold);

 private:
  std::vector<double> mean_, sd_;
  std::vector<MatrixD> weights_;  // out×in per layer, ReLU between, one logit out
  std::vector<VectorD> biases_;
  double threshold_ = 0.0;
};

class RestrictedPrior : public sim::Prior {
 public:
  RestrictedPrior(sim::PriorPtr base, std::shared_ptr<const RestrictionClassifier> classifier,
                  const RestrictionSettings& options);

  double acceptance_rate() const { return acceptance_; }
  const sim::Prior& base() const { return *base_; }
  const RestrictionClassifier& classifier() const { return *classifier_; }
  // The settings it was built with (seed, calibration_draws and min_acceptance rebuild it exactly).
  const RestrictionSettings& settings() const { return settings_; }

  Index dim() const override { return base_->dim(); }
  std::string describe() const override;
  void sample_one(double* theta, Rng& rng) const override;
  double log_prob_one(const double* theta) const override;
  bool in_support_one(const double* theta) const override;
  void to_unconstrained_one(const double* theta, double* z) const override;
  double from_unconstrained_one(const double* z, double* theta) const override;
  void log_prob_gradient_one(const double* theta, double* grad) const override;
  void pullback_gradient_one(const double* z, const double* grad_theta, double* grad_z) const override;
  VectorD mean() const override { return mean_; }
  VectorD sd() const override { return sd_; }

  // Prior draws examined per accepted draw at most, before sample_one gives up and returns the
  // last (unrestricted) draw; unreachable in practice above min_acceptance (P < e^-1000).
  static constexpr Index kMaxTries = 1000000;

 private:
  sim::PriorPtr base_;
  std::shared_ptr<const RestrictionClassifier> classifier_;
  RestrictionSettings settings_;
  double acceptance_ = 1.0, log_acceptance_ = 0.0;
  VectorD mean_, sd_;
};

}  // namespace sbi::inference
