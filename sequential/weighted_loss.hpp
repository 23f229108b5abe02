// The importance-weighted maximum-likelihood loss of SNPE-B (Lueckmann et al. 2017). Rows drawn
// from proposals p̃ (the rounds' posteriors at x_o) instead of the prior are reweighted by
//   w_i = p(θ_i) / p̃(θ_i),   L = −(1/n) Σ_i w_i · log q_φ(θ_i | x_i),
// whose expectation is the prior-sampled NPE loss, so q_φ(θ | x) converges to the posterior.
// The driver uses for p̃ the mixture of all rounds' proposals (as sbi). sbi also divides the
// weights by their minibatch sum; here they are not normalised, so the loss stays a mean over
// rows and the trainer's chunked steps remain exact for any thread count (a per-minibatch scale
// would couple the chunks). The weights' variance is the method's known weakness.
#pragma once
#include "flows/training.hpp"
#include "inference/posterior_estimator.hpp"

namespace sbi::inference {

// Trains `estimator` on (θ, x) with per-row log weights log w_i (finite), keeping its z-scoring.
flows::FitResult fit_importance_weighted(PosteriorEstimator& estimator, const MatrixD& theta, const MatrixD& x,
                                         const VectorD& log_weights, const nn::TrainSettings& options);

}  // namespace sbi::inference
