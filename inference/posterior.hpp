// What every inference method returns for an observation x_o: a distribution over θ that can be
// sampled, and where the method defines one, evaluated.
//   NPE:  q(θ | x_o), normalised (log_prob defined)
//   NLE:  q(x_o | θ)·p(θ), unnormalised (log_prob up to a constant; sampled with MCMC)
//   NRE:  r(θ, x_o)·p(θ), unnormalised
//   ACE:  exp(-β·ĉ(θ, x_o))·p(θ), unnormalised (the generalized Bayesian posterior)
//   ABC:  a set of accepted θ (sampling resamples them; no density)
// Posteriors are cheap to build: a trained network serves any number of observations.
#pragma once
#include <cstdint>
#include <string>

#include "core/tensor.hpp"

namespace sbi::inference {

class Posterior {
 public:
  virtual ~Posterior() = default;

  virtual Index dim() const = 0;
  virtual std::string describe() const = 0;

  // n draws (rows); the same seed gives the same draws for any thread count.
  virtual MatrixD sample(Index n, std::uint64_t seed) const = 0;

  // log density per θ row; `normalized()` says whether constants are included.
  // Methods without a density throw NotFoundError.
  virtual VectorD log_prob(const MatrixD& theta) const;
  virtual bool normalized() const { return false; }
  bool has_log_prob() const { return has_log_prob_; }

  // An estimate of the posterior mode: the draw with the highest log_prob among
  // `num_candidates` posterior draws (without a density: the mean of the draws).
  virtual RowVectorD map(std::uint64_t seed, Index num_candidates = 1000) const;

 protected:
  bool has_log_prob_ = false;
};

}  // namespace sbi::inference
