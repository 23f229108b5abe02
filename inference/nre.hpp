// Neural ratio estimation: NRE-A / AALR (Hermans, Begy & Louppe 2020), NRE-B / SRE (Durkan,
// Murray & Papamakarios 2020; sbi's default NRE) and NRE-C (Miller, Weniger & Forré 2022).
//
// A classifier d_φ(θ, x) on z-scored [θ, x] (sbi's classifier default: a residual net with 50
// hidden units and 2 blocks, one logit out) learns to tell pairs (θ, x) ~ p(θ, x) from pairs
// with θ shuffled within the minibatch (θ ~ p(θ), independent of x); see nre_losses.hpp for
// the three losses. At the optimum the logit is the log ratio
//   d(θ, x) = log r(θ, x) = log p(x | θ) / p(x)
// (for NRE-C too: its independent class y = 0 pins down the normalisation that the purely
// contrastive NRE-B leaves free, so the logit is the log ratio itself, for any γ and K; NRE-B's
// logit is log r(θ, x) + c(x), the same posterior at any fixed x_o).
// so the posterior for any observation x_o is p(θ | x_o) ∝ exp(d(θ, x_o))·p(θ), sampled by MCMC
// (McmcPosterior; slice sampling by default). potential() also offers the gradient in θ
// (through the tape), for HMC / NUTS on mcmc::hmc_sample / nuts_sample directly (McmcPosterior
// itself offers slice and metropolis only).
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "inference/mcmc_posterior.hpp"
#include "inference/posterior_estimator.hpp"
#include "inference/nre_potential.hpp"
#include "inference/simulation_data.hpp"
#include "nn/embedding_spec.hpp"
#include "inference/train_start.hpp"
#include "nn/residual_net.hpp"
#include "nn/standardizer.hpp"
#include "nn/trainer.hpp"

namespace sbi::inference {

enum class NreVariant { A, B, C };
// The names of a variant, from one table: in model files ("nre_a", "nre_b", "nre_c"), as a
// method ("nre", "nre-b", "nre-c": make_method, `--method`) and in messages ("NRE-A", ...).
const char* nre_variant_name(NreVariant v);
const char* nre_method_name(NreVariant v);
const char* nre_display_name(NreVariant v);
// The variant a model file names (nullopt for an unknown name).
std::optional<NreVariant> nre_variant_from_file_name(const std::string& name);

struct NreSettings {
  NreVariant variant = NreVariant::A;
  Index hidden = 50;
  Index blocks = 2;
  nn::Activation activation = nn::Activation::Relu;
  Index num_atoms = 10;   // NRE-B: K, θ per x in the softmax, the true one included (sbi's default)
  Index num_classes = 5;  // NRE-C: K, θ per x in each contrastive set
  double gamma = 1.0;     // NRE-C: odds of the dependent classes, K·p_K / p_0
  std::uint64_t seed = 0; // network initialisation
  // An embedding of the z-scored x before the classifier (sbi's classifier_nn embedding_net_x):
  // d(θ, x) = f([θ̂, e(x̂)]).
  nn::EmbeddingSpec embedding;
  // The coordinates of θ the classifier takes: θ itself, or z = T⁻¹(θ), the prior's
  // unconstrained coordinates (sbibm's "automatic transforms"; log r is the same function of θ).
  ThetaSpace theta_space = ThetaSpace::constrained;
};

class Nre {
 public:
  explicit Nre(sim::PriorPtr prior, NreSettings options = {});

  // Stores simulations (validated; non-finite x dropped, the count returned).
  Index append_simulations(const MatrixD& theta, const MatrixD& x);
  // Trains with sbi's defaults unless told otherwise (nn::TrainSettings).
  // start: continue_previous keeps the trained network and its z-scoring (sequential rounds).
  nn::TrainResult train(const nn::TrainSettings& options = {}, TrainStart start = TrainStart::fresh);
  bool trained() const { return static_cast<bool>(network_); }

  // log r(θ_i, x_o) = d(θ_i, x_o) for every θ row (batched, no gradient).
  VectorD log_ratio(const MatrixD& theta, const RowVectorD& x_o) const;
  // The potential log r(θ, x_o) + log p(θ) with its gradient in θ.
  mcmc::LogDensity potential(const RowVectorD& x_o) const;
  // p(θ | x_o) ∝ r(θ, x_o)·p(θ), sampled by MCMC in the prior's unconstrained space.
  std::shared_ptr<McmcPosterior> posterior(const RowVectorD& x_o, const McmcSettings& mcmc = {}) const;

  // Saves network, standardizers and settings (kind "nre"); `tag` (e.g. a task name) too.
  void save(const std::string& path, const std::string& tag = "") const;
  nn::ModelArchive archive(const std::string& tag) const;  // what save writes
  // Loads a saved model for the given prior (its dimension must match); returns via tag.
  static Nre load(const std::string& path, sim::PriorPtr prior, std::string* tag = nullptr);
  // The same from an archive already read from `path` (named in errors).
  static Nre from_archive(const nn::ModelArchive& archive, const std::string& path, sim::PriorPtr prior,
                          std::string* tag = nullptr);

  const SimulationData& data() const { return data_; }
  const NreSettings& options() const { return options_; }
  const sim::PriorPtr& prior() const { return prior_; }

 private:
  void check_trained(const char* what) const;
  void check_observation(const char* what, const RowVectorD& x_o) const;
  std::shared_ptr<LogRatioEvaluator> evaluator(const RowVectorD& x_o) const;

  sim::PriorPtr prior_;
  NreSettings options_;
  SimulationData data_;
  std::shared_ptr<nn::ResidualNet> network_;
  std::shared_ptr<nn::Embedding> embedding_;  // null without one
  nn::Standardizer theta_z_, x_z_;
};

}  // namespace sbi::inference
