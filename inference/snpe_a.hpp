// SNPE-A (Papamakarios & Murray 2016; sbi's SNPE_A): a mixture density network q(θ | x) trained by
// maximum likelihood on simulations drawn from one Gaussian proposal p̃(θ) = N(m̃, P̃⁻¹) (each
// round's own pairs, snpe_a_learner.cpp) learns the proposal posterior ∝ p(x | θ)p̃(θ); the
// posterior is its analytic correction
//   p̂(θ | x_o) ∝ q(θ | x_o)·p(θ)/p̃(θ),   q(θ | x_o) = Σ_k α_k N(θ; μ_k, P_k⁻¹).
// With a Gaussian prior p = N(m₀, P₀⁻¹) every component stays Gaussian:
//   P'_k = P_k − P̃ + P₀,   η_k = P_k μ_k − P̃ m̃ + P₀ m₀,   μ'_k = P'_k⁻¹ η_k,
//   log α'_k = log α_k + ½ log|P_k| − ½ μ_kᵀP_kμ_k + ½ η_kᵀμ'_k − ½ log|P'_k| + const,
// the weights then normalised (the terms of p̃ and p₀ alone are the same for every k). A
// box-uniform prior is constant on its support, so its terms drop out (P₀ = 0) and the
// corrected mixture is truncated to the box by rejection, its acceptance rate renormalising the
// density as for NPE's leakage. A P'_k that is not positive definite (the proposal narrower than
// q in some direction) is refused with a ValueError, as sbi does. Other priors are refused.
#pragma once
#include <memory>
#include <optional>

#include "flows/gaussian_mixture.hpp"
#include "inference/posterior.hpp"
#include "simulators/prior.hpp"

namespace sbi::inference {

struct Gaussian {
  VectorD mean;
  MatrixD precision;
};

// q·p/p̃ as a normalised mixture; `prior` empty for a box-uniform prior.
flows::GaussianMixture correct_for_proposal(const flows::GaussianMixture& q, const Gaussian& proposal,
                                            const std::optional<Gaussian>& prior);

// The prior as a Gaussian (GaussianPrior), empty for a BoxUniformPrior, ValueError for any other.
std::optional<Gaussian> snpe_a_prior_gaussian(const sim::Prior& prior);

// A Gaussian mixture restricted to the prior's support:
//   log p̂(θ) = log q(θ) − log P_q(θ ∈ support) inside, −∞ outside.
class MixturePosterior : public Posterior {
 public:
  MixturePosterior(flows::GaussianMixture mixture, sim::PriorPtr prior);
  Index dim() const override { return mixture_.dim(); }
  std::string describe() const override { return "SNPE-A posterior (Gaussian mixture corrected for the proposal)"; }
  MatrixD sample(Index n, std::uint64_t seed) const override;
  VectorD log_prob(const MatrixD& theta) const override;
  bool normalized() const override { return true; }
  double acceptance_rate() const;  // P_q(θ ∈ support), from 10,000 seeded draws
  const flows::GaussianMixture& mixture() const { return mixture_; }
  // The single component (the next round's proposal); ValueError for a mixture of several.
  Gaussian gaussian() const;

 private:
  flows::GaussianMixture mixture_;
  sim::PriorPtr prior_;
  mutable double acceptance_ = -1;
};

}  // namespace sbi::inference
