// Convergence diagnostics for MCMC (Gelman et al. BDA3; Vehtari et al. 2021, "Rank-normalization,
// folding, and localization: an improved R̂"). Inputs are chains × draws matrices of one scalar.
//
//  split-R̂: split each chain in halves (M chains of N draws); W = mean within-chain variance,
//      B/N = variance of chain means, var⁺ = (N−1)/N·W + B/N, R̂ = sqrt(var⁺ / W).
//  rank-normalised split-R̂: max of split-R̂ on z = Φ⁻¹((rank − 3/8)/(S + 1/4)) of the split draws
//      (bulk) and of the folded draws |x − median| (tail).
//  ESS: S / τ, τ = −1 + 2·Σ_k P_k with P_k = ρ_{2k} + ρ_{2k+1} from the multi-chain
//      autocorrelation ρ_t = 1 − (W − mean_c acov_c(t)) / var⁺, truncated at the first negative
//      pair (Geyer's initial positive sequence) and made monotone (initial monotone sequence).
//      ess_mean uses the split draws, ess_bulk the rank-normalised split draws.
#pragma once
#include <string>
#include <vector>

#include "core/tensor.hpp"
#include "mcmc/result.hpp"

namespace sbi::mcmc {

double split_rhat(const MatrixD& chains);
double rank_normalized_split_rhat(const MatrixD& chains);
double ess_mean(const MatrixD& chains);
double ess_bulk(const MatrixD& chains);

// Plain (unsplit) multi-chain ESS of the given chains, the building block of the above.
double effective_sample_size(const MatrixD& chains);
// Chains split into halves: M × N → 2M × floor(N/2) (the middle draw is dropped when N is odd).
MatrixD split_chains(const MatrixD& chains);
// Φ⁻¹((average rank − 3/8)/(S + 1/4)) over all entries, same shape.
MatrixD rank_normalize(const MatrixD& chains);

struct DimensionSummary {
  double mean = 0, sd = 0, mcse_mean = 0, rhat = 0, ess_bulk = 0, ess_mean = 0;
};

struct Diagnostics {
  std::vector<DimensionSummary> dims;
  double max_rhat = 0;      // rank-normalised split-R̂
  double min_ess_bulk = 0;
};

Diagnostics diagnose(const McmcResult& result);

// Text report: sampler, chains, draws, density calls, acceptance and step sizes (mean, min,
// max over chains), divergences, and per dimension mean, sd, MCSE, R̂ and ESS.
std::string mcmc_report(const McmcResult& result);

}  // namespace sbi::mcmc
