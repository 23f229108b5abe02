// A posterior known up to a constant through a batched potential
//   log p̃(θ | x_o) = f(θ) + log p(θ)     (f: -β·ĉ for ACE, log q(x_o|θ) for NLE, log r for NRE)
// sampled with the batched samplers of mcmc/ in the prior's unconstrained space
// (z = T⁻¹(θ), log p̃_z(z) = log p̃(T(z)) + log|det ∂T/∂z|), chains started by
// sampling-importance-resampling of prior draws by their potential (sbi's default).
// Gradient samplers (hmc, nuts) need a potential with value_and_grad (NRE); the prior supplies
// the transform's gradient (sim::Prior::pullback_gradient).
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "inference/posterior.hpp"
#include "mcmc/bijection.hpp"
#include "mcmc/log_density.hpp"
#include "mcmc/options.hpp"
#include "mcmc/result.hpp"
#include "mcmc/sample.hpp"
#include "simulators/prior.hpp"

namespace sbi::inference {

// The MCMC settings of every MCMC posterior: mcmc::McmcSettings (one struct, one set of
// defaults; see mcmc/options.hpp). sample(n, seed) supplies the run's draws and seed.
using McmcSettings = mcmc::McmcSettings;

// The prior's own unconstrained-space transform, seen through mcmc's Bijection interface.
class PriorBijection final : public mcmc::Bijection {
 public:
  explicit PriorBijection(sim::PriorPtr prior) : prior_(std::move(prior)) {}
  Index dim() const override { return prior_->dim(); }
  MatrixD to_unconstrained(const MatrixD& theta) const override { return prior_->to_unconstrained(theta); }
  void from_unconstrained_into(ConstRowsD z, RowsD theta, ValuesD log_det) const override {
    prior_->from_unconstrained_into(z, theta, log_det);
  }
  bool has_gradient() const override { return true; }
  void pullback_gradient_into(ConstRowsD z, ConstRowsD grad_theta, RowsD grad_z) const override {
    prior_->pullback_gradient_into(z, grad_theta, grad_z);
  }

 private:
  sim::PriorPtr prior_;
};

class McmcPosterior : public Posterior {
 public:
  // `log_potential` must include the log prior (and return -inf outside the support).
  McmcPosterior(sim::PriorPtr prior, mcmc::LogDensity log_potential, McmcSettings settings,
                std::string description);

  Index dim() const override { return prior_->dim(); }
  std::string describe() const override { return description_; }
  MatrixD sample(Index n, std::uint64_t seed) const override;
  VectorD log_prob(const MatrixD& theta) const override;  // unnormalised
  // The chains of the last sample() call (for R̂, ESS and the report).
  const mcmc::McmcResult& last_run() const { return last_run_; }
  // Later sample() calls start chain c at row c of `theta` (num_chains × D, inside the support)
  // instead of by SIR (ChainStart::latest across rounds; ValueError for a wrong shape or a row
  // outside the support).
  void start_chains_at(const MatrixD& theta);
  // θ where each chain of the last sample() call ended (num_chains × D; ValueError before one).
  MatrixD final_chain_states() const;

 private:
  sim::PriorPtr prior_;
  mcmc::LogDensity potential_;
  McmcSettings settings_;
  std::string description_;
  MatrixD chain_starts_;  // empty: SIR
  mutable mcmc::McmcResult last_run_;
};

}  // namespace sbi::inference
