// Amortized cost estimation (ACE) for generalized Bayesian inference (Gao, Deistler & Macke,
// NeurIPS 2023).
//
// A network ĉ_φ(θ, t) learns the expected distance c(θ, t) = E_{x ~ p(x|θ)}[d(x, t)] by
// regression: for simulations (θ_i, x_i) and targets t drawn from the target set (see
// ace_targets.hpp), minimise  Σ (ĉ_φ(θ_i, t) - d(x_i, t))²,  whose minimiser is the expected
// distance. The generalized Bayesian posterior for any observation x_o is then
//   p_β(θ | x_o) ∝ exp(-β·ĉ_φ(θ, x_o))·p(θ),
// sampled with MCMC, with no new simulations. The network (reference settings) is a residual
// MLP with 3 blocks of 64 ReLU units on z-scored (θ, t), with output softplus(·)·s where s is the
// mean distance between 1,000 random pairs of simulations. Each epoch pairs every θ with two
// targets drawn afresh (optionally a set share of them among the known observations).
//
// Per-term costs (AceSettings::per_term, an extension of the paper): for a distance that is a
// mean of per-value terms, d(x, t) = (1/D) Σ_d term_d(x, t) (mse, mae_zscored), the network has
// D outputs ĉ_d = softplus(·)·s_d, each regressed on its own term, and ĉ = (1/D) Σ_d ĉ_d. The
// minimiser is the same expected distance (expectation is linear), but each pair gives D labels
// instead of their mean. The loss is Σ_d (ĉ_d − term_d)², in the terms' own units (so its
// training and validation values are not comparable with a one-output network's (ĉ − d)²).
#pragma once
#include <memory>
#include <string>

#include "inference/ace_targets.hpp"
#include "inference/mcmc_posterior.hpp"
#include "inference/pair_distance.hpp"
#include "inference/simulation_data.hpp"
#include "nn/embedding_spec.hpp"
#include "nn/model_file.hpp"
#include "nn/residual_net.hpp"
#include "nn/standardizer.hpp"
#include "nn/trainer.hpp"

namespace sbi::inference {

// The regression loss of the cost network. Both have the conditional mean E[d | θ, t] as their
// minimiser, so both learn the same cost; they weigh errors differently:
//   Squared (the reference):  (ĉ − d)²
//   Poisson deviance:         ĉ − d − d·log(ĉ / d)   (d ≥ 0, ĉ > 0; 0·log 0 = 0)
// The Poisson deviance is a Bregman divergence whose curvature at ĉ is d/ĉ², about 1/ĉ: an
// error of a given size costs more where the cost is small. The GBI posterior at large β
// depends on ĉ near its minimum, where squared error spends little of the network's capacity.
enum class AceLoss { Squared, Poisson };
std::string ace_loss_name(AceLoss loss);
AceLoss parse_ace_loss(const std::string& name);  // "squared" or "poisson"; throws ValueError

struct AceSettings {
  Index hidden = 64;
  Index blocks = 3;
  nn::Activation activation = nn::Activation::Relu;
  Index targets_per_theta = 2;  // x_t drawn per θ per epoch
  // Share of training pairs whose target is one of the known observations (add_observations),
  // drawn uniformly among them; the others are drawn uniformly from the whole target set. 0 (the
  // reference) leaves the observations as rare as any other target, so the network is no more
  // accurate at x_o than elsewhere. Validation pairs follow the same mixture, so that early
  // stopping judges the objective being trained.
  double observed_target_fraction = 0.0;
  TargetSetSettings targets;
  // One output per term of the distance (see above); the distance must provide `terms`.
  bool per_term = false;
  AceLoss loss = AceLoss::Squared;
  Index scale_pairs = 1000;     // random pairs for the output scale (mean distance)
  std::uint64_t seed = 0;
  // An embedding of the z-scored target x before the cost network: ĉ(θ, x) = f(θ̂, e(x̂)).
  nn::EmbeddingSpec embedding;
};

// ĉ(·, x_o) for one observation x_o, evaluated for batches of θ. An instance reuses its buffers
// across calls (the MCMC potential calls it once per step for all chains), so once it has seen
// the largest batch a call allocates nothing. Not safe to share between threads.
class AceCost {
 public:
  virtual ~AceCost() = default;
  // out (theta.rows() entries) ← ĉ(θ_i, x_o).
  virtual void evaluate(ConstRowsD theta, ValuesD out) = 0;
};

// The GBI posterior p_β(θ) ∝ exp(-β·cost(θ))·p(θ), sampled by MCMC (`description` names it).
std::shared_ptr<McmcPosterior> gbi_posterior(sim::PriorPtr prior, std::shared_ptr<AceCost> cost, double beta,
                                             const McmcSettings& mcmc, const std::string& description);

// The ACE paper's reference training settings: Adam lr 1e-3, batch 500, 10% validation,
// early stopping after 100 epochs without improvement.
nn::TrainSettings ace_reference_training();

class Ace {
 public:
  Ace(sim::PriorPtr prior, PairDistance distance, AceSettings options = {});

  // Stores simulations (validated; non-finite x dropped, the count returned).
  Index append_simulations(const MatrixD& theta, const MatrixD& x);
  // Known observations join the target set (before train()).
  void add_observations(const MatrixD& x_o);

  nn::TrainResult train(const nn::TrainSettings& options = ace_reference_training());
  bool trained() const { return static_cast<bool>(network_); }
  // Frees the stored simulations and the target set: a trained network needs neither to
  // predict, sample or save. (An ensemble releases each member after training it, so K members
  // do not hold K copies of the simulations.) Training again then needs new simulations.
  void release_training_data();

  // ĉ(θ_i, x_o) for every θ row (batched, no gradient).
  VectorD cost(const MatrixD& theta, const RowVectorD& x_o) const;
  // ĉ(·, x_o) as a reusable evaluator (what posterior() samples; ensembles combine several).
  std::shared_ptr<AceCost> cost_function(const RowVectorD& x_o) const;
  // The GBI posterior exp(-β·ĉ(θ, x_o))·p(θ), sampled by MCMC.
  std::shared_ptr<McmcPosterior> posterior(const RowVectorD& x_o, double beta,
                                           const McmcSettings& mcmc = {}) const;

  // Saves network, standardizers, scale and settings; `tag` (e.g. a task name) is stored too.
  void save(const std::string& path, const std::string& tag = "") const;
  nn::ModelArchive archive(const std::string& tag = "") const;  // what save writes
  // Loads a saved model for the given prior (its dimension must match). Returns the tag.
  // The distance must be the one trained with: same name and, where the file stores them
  // (mae_zscored's scales), the same parameters; else IOError.
  static Ace load(const std::string& path, sim::PriorPtr prior, PairDistance distance,
                  std::string* tag = nullptr);
  // The same, with the distance rebuilt from the file (mse; mae_zscored with its stored
  // scales). A distance the file cannot rebuild (a task's own, or mae_zscored saved before the
  // scales were stored) loads as a stand-in: costs and sampling work, computing a distance
  // throws ValueError naming the file.
  static Ace load(const std::string& path, sim::PriorPtr prior, std::string* tag = nullptr);
  // The same for an archive already read from `path` (which names it in errors): a caller that
  // checks the file's kind and tag first reads it once.
  static Ace from_archive(const nn::ModelArchive& archive, const std::string& path, sim::PriorPtr prior,
                          std::string* tag = nullptr);
  // The tag of a saved ACE model without loading it (e.g. to rebuild the task's prior).
  static std::string peek_tag(const std::string& path);

  const SimulationData& data() const { return data_; }
  // The mean distance between random simulation pairs (the output scale of the single network;
  // with per-term outputs, the mean of the per-term scales, which is the same quantity).
  double output_scale() const { return scales_.size() > 0 ? scales_.mean() : 1.0; }
  // One scale per output (1 value, or D with per-term outputs).
  const RowVectorD& output_scales() const { return scales_; }
  bool per_term() const { return options_.per_term; }
  // The options trained with (a loaded model: its network size, activation and per_term).
  const AceSettings& options() const { return options_; }
  const PairDistance& distance() const { return distance_; }
  const sim::PriorPtr& prior() const { return prior_; }

 private:
  void check_trained(const char* what) const;
  // Every load: the model in a read archive, with the distance given or rebuilt.
  static Ace from_archive_with_distance(const nn::ModelArchive& archive, const std::string& path,
                                        sim::PriorPtr prior, PairDistance distance, std::string* tag);

  sim::PriorPtr prior_;
  PairDistance distance_;
  AceSettings options_;
  SimulationData data_;
  MatrixD observations_;
  TargetSet targets_;
  std::shared_ptr<nn::ResidualNet> network_;
  std::shared_ptr<nn::Embedding> embedding_;  // null without one
  nn::Standardizer theta_z_, x_z_;
  RowVectorD scales_;  // per output: ĉ_d = network_d · s_d, ĉ = mean over outputs
};

}  // namespace sbi::inference
