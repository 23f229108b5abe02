// Mixture density network (Bishop 1994; sbi's MDN): an MLP of the features gives, per
// component k of K, a logit, a mean μ_k and the upper-triangular Cholesky factor U_k of the
// precision (diagonal exp(a_ii) > 0), and
//   q̂(ŷ | f) = Σ_k π_k N(ŷ; μ_k, (U_kᵀU_k)⁻¹)      (log-density by the fused mdn_log_prob op).
// Sampling: k ~ Categorical(π), ŷ = μ_k + U_k⁻¹ ε with ε ~ N(0, I) (back-substitution).
// Unconditional: the MLP gets a constant zero input, so its output is a learned constant.
// mixture(c): the mixture for one context in y's units: with ŷ = (y − m)/s, component k has
// mean m + s∘μ_k and precision S⁻¹U_kᵀU_k S⁻¹, S = diag(s) (SNPE-A's analytic correction).
// expand_from(single): sbi's SNPE-A final round: a one-component MDN's weights copied into
// every component of this one, the output layer's rows perturbed by ε·N(0, 1) each; an
// embedding net (the same specification on both) is copied unperturbed.
#pragma once
#include "flows/density_estimator.hpp"
#include "flows/gaussian_mixture.hpp"
#include "nn/mlp.hpp"

namespace sbi::flows {

class MDN : public ConditionalDensityEstimator {
 public:
  MDN(const EstimatorSettings& config, Rng& rng);

  GaussianMixture mixture(const MatrixF& context_row);
  // ValueError unless `single` has one component and otherwise this MDN's architecture and embedding.
  void expand_from(MDN& single, double perturbation, std::uint64_t seed);

 protected:
  ad::Var log_prob_standardized(ad::Tape& tape, ad::Var y, ad::Var features) override;
  MatrixF sample_standardized(const MatrixF& features, std::uint64_t seed, Index first_row) override;
  void collect_model_parameters(const std::string& prefix, nn::ParamList& out) override {
    net_.collect_parameters(prefix + "net.", out);
  }

 private:
  ad::Var network(ad::Tape& tape, ad::Var features, Index rows);
  nn::MLP net_;
};

}  // namespace sbi::flows
