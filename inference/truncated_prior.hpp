// The truncated-prior proposal of TSNPE (Deistler et al. 2022): the prior restricted to the
// highest-density region of the current posterior estimate at x_o,
//   p̃(θ) ∝ p(θ) · 1[ log q(θ | x_o) ≥ τ ],   τ = the ε-quantile of log q(θ_s | x_o), θ_s ~ q,
// with ε = 1e-6 by default (with 10,000 draws that is their minimum). Sampling is by rejection
// from the prior; the acceptance rate (the prior mass of the region) is returned and reported.
// Because p̃ ∝ p inside the region, maximum-likelihood NPE on its simulations still targets the
// posterior there, so TSNPE needs no proposal correction.
#pragma once
#include <cstdint>
#include <functional>

#include "core/tensor.hpp"
#include "inference/posterior.hpp"
#include "simulators/prior.hpp"

namespace sbi::inference {

using LogDensityFn = std::function<VectorD(const MatrixD& theta)>;

// τ: the `quantile`-quantile (lower order statistic, index floor(quantile·n)) of the finite
// values of log_density over `samples`. ValueError when none is finite.
double truncation_threshold(const LogDensityFn& log_density, const MatrixD& samples, double quantile);
// The same from a posterior: draws num_samples from it (seed) and evaluates its log_prob.
double truncation_threshold(const Posterior& posterior, Index num_samples, double quantile, std::uint64_t seed);

struct TruncatedSample {
  MatrixD theta;            // n × d accepted draws
  Index proposed = 0;       // prior draws examined
  double acceptance_rate = 0;
};

// n draws from p̃ by rejection from the prior: prior draw k (counting over all batches) uses the
// stream Rng(seed, k), so the result does not depend on threads or batch sizes. Throws
// ValueError when `max_proposals` prior draws do not yield n accepted ones.
TruncatedSample sample_truncated_prior(const sim::Prior& prior, const LogDensityFn& log_density,
                                       double threshold, Index n, std::uint64_t seed,
                                       Index max_proposals = 200000000);

}  // namespace sbi::inference
