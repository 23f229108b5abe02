// A conditional density estimator of θ given x, together with the coordinates of θ it models:
//   ThetaSpace::constrained    the flow models θ itself (sbi's default); its mass may leak
//                              outside the prior's support, which posteriors reject;
//   ThetaSpace::unconstrained  the flow models z = T⁻¹(θ), the prior's unconstrained
//                              coordinates (logit for a box prior), and
//                              log q(θ | x) = log q_z(T⁻¹(θ) | x) − log|det ∂T/∂z| at z = T⁻¹(θ).
// NPE, TSNPE and MF-NPE train, sample, evaluate, copy and fine-tune flows only through this
// pair, so a flow is never read in coordinates other than the ones it was trained in.
// (flows/ cannot hold it: it needs the prior's bijection.)
#pragma once
#include <memory>
#include <string>

#include "flows/density_estimator.hpp"
#include "flows/training.hpp"
#include "simulators/prior.hpp"

namespace sbi::inference {

enum class ThetaSpace { constrained, unconstrained };
ThetaSpace parse_theta_space(const std::string& name);  // "constrained" | "unconstrained"
std::string theta_space_name(ThetaSpace space);
// θ (rows inside the prior's support) in `space`'s coordinates: θ itself or z = T⁻¹(θ). Shared by
// the NPE flows (PosteriorEstimator), NLE's condition and NRE's classifier input.
MatrixD theta_in_space(const sim::Prior& prior, ThetaSpace space, const MatrixD& theta);

using EstimatorPtr = std::shared_ptr<flows::ConditionalDensityEstimator>;

class PosteriorEstimator {
 public:
  // A fresh, untrained flow of `kind` (maf | nsf | nsf_ar | mdn) for the prior's θ and x of
  // dimension context_dim, weights drawn from `seed`; `embedding` (if enabled) maps x first.
  static PosteriorEstimator build(const std::string& kind, sim::PriorPtr prior, ThetaSpace space,
                                  Index context_dim, std::uint64_t seed,
                                  const nn::EmbeddingSpec& embedding = {});
  // Adopts a flow that models θ in `space` (ShapeError when its dimension is not the prior's).
  PosteriorEstimator(EstimatorPtr flow, sim::PriorPtr prior, ThetaSpace space);

  // Trains on (θ, x), θ in the prior's coordinates (rows inside its support). With
  // fit_standardizers the z-scoring is refitted first; without, the current one is kept.
  flows::FitResult fit(const MatrixD& theta, const MatrixD& x, const nn::TrainSettings& options,
                       bool fit_standardizers = true);
  // n draws of θ given one context row. Constrained flows may draw outside the support.
  MatrixD sample(Index n, const MatrixF& context, std::uint64_t seed) const;
  // log q(θ | x) for each row of θ given one context row. Unconstrained: −∞ outside the
  // support. Constrained: the flow's density wherever θ is (the caller handles the support).
  VectorD log_prob(const MatrixD& theta, const MatrixF& context) const;
  // An independent deep copy (architecture, weights and standardizers).
  PosteriorEstimator clone() const;
  // θ (rows inside the support) in the flow's coordinates.
  MatrixD to_flow_space(const MatrixD& theta) const;

  ThetaSpace space() const { return space_; }
  const sim::PriorPtr& prior() const { return prior_; }
  flows::ConditionalDensityEstimator& flow() const { return *flow_; }
  Index theta_dim() const { return flow_->y_dim(); }
  Index context_dim() const { return flow_->context_dim(); }

 private:
  EstimatorPtr flow_;
  sim::PriorPtr prior_;
  ThetaSpace space_;
};

// The flow configuration named by `spec`: a kind with sbi's defaults (flows/estimator_config.hpp),
// optionally followed by size overrides, "kind:key=value:key=value", keys transforms, hidden,
// blocks, bins, components and tail_bound; e.g. "nsf_ar:blocks=4:bins=8" (the multifidelity
// paper's zuko flow: 5 hidden layers of 50, 8 bins). ValueError naming a bad kind or setting.
// `embedding` (if enabled) is set on the configuration (EstimatorSettings::set_embedding).
flows::EstimatorSettings estimator_config(const std::string& spec, Index y_dim, Index context_dim,
                                        std::uint64_t seed, const nn::EmbeddingSpec& embedding = {});

}  // namespace sbi::inference
