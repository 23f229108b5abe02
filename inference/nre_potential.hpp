// The NRE posterior potential for an observation x_o and its gradient:
//   log p̃(θ | x_o) = log r(θ, x_o) + log p(θ),   log r = d(θ, x_o) (the classifier's logit),
//   ∇_θ log p̃ = ∇_θ d + ∇_θ log p(θ).
// ∇_θ d comes from the tape: the z-scored θ is a tape variable, one backward pass gives
// ∂d/∂θ_z for every row at once, and ∂d/∂θ = ∂d/∂θ_z / s_θ (the standardizer's sd).
// ∇_θ log p is exact for Gaussian priors (−Σ⁻¹(θ − μ)) and box-uniform priors (0 inside the
// box); other priors use central finite differences of log p in double.
// A classifier trained on z = T⁻¹(θ) (ThetaSpace::unconstrained, the prior's unconstrained
// coordinates) is evaluated at z(θ), and ∂d/∂θ_j = ∂d/∂z_j / (∂θ_j/∂z_j): the priors' bijections
// act coordinate by coordinate, so ∂θ_j/∂z_j is read off the prior's pullback of ones and zeros.
#pragma once
#include <memory>

#include "core/tape.hpp"
#include "mcmc/log_density.hpp"
#include "nn/embedding.hpp"
#include "nn/residual_net.hpp"
#include "nn/residual_net_rows.hpp"
#include "nn/standardizer.hpp"
#include "simulators/prior.hpp"

namespace sbi::inference {

// Evaluates d(θ, x_o) for batches of θ (with an embedding e, d = f([θ̂, e(x̂_o)]), e(x̂_o) once).
// value() runs the network without a tape (nn::ResidualNetRows, its weights copied when the
// evaluator is built); value_and_grad() runs it on a reused tape with a grow-only backward seed.
// Either way a steady-state call allocates nothing (not thread-safe: one evaluator per
// posterior, called by one sampler at a time). The two agree to float rounding.
class LogRatioEvaluator {
 public:
  LogRatioEvaluator(std::shared_ptr<nn::ResidualNet> net, const nn::Standardizer& theta_z,
                    const nn::Standardizer& x_z, const RowVectorD& x_o,
                    const std::shared_ptr<nn::Embedding>& embedding = nullptr,
                    sim::PriorPtr unconstrained_prior = nullptr);
  void value(ConstRowsD theta, ValuesD out);
  void value_and_grad(ConstRowsD theta, ValuesD out, RowsD grad);

 private:
  ad::Var forward(ConstRowsD theta, bool with_grad, ad::Var* input);
  // θ in the classifier's coordinates: θ itself, or z(θ) in z_ (rows of θ).
  ConstRowsD coordinates(ConstRowsD theta);
  // Unconstrained: rows whose z is not finite (θ on the support's boundary) get log r = −∞ and a
  // zero gradient instead of the network's NaN or ±∞.
  void mark_boundary(Index n, ValuesD out, RowsD* grad) const;

  std::shared_ptr<nn::ResidualNet> net_;
  nn::Standardizer theta_z_;
  MatrixF context_row_;
  RowVectorD inv_sd_;  // 1 / s_θ: the chain rule from z-scored θ back to θ
  MatrixF ones_;       // backward seed, grown to the largest batch seen
  ad::Tape tape_;
  nn::ResidualNetRows rows_net_;  // the value path
  nn::RowBuffer input_;           // [θ̂ | e(x̂_o)] rows for it
  sim::PriorPtr unconstrained_;   // null: the classifier takes θ itself
  MatrixD z_;                     // z(θ) (grow-only)
  MatrixD jacobian_;              // rows: ones, zeros, and their pullbacks at one z
};

// The potential log r(θ, x_o) + log p(θ) with value_and_grad (usable by HMC/NUTS).
mcmc::LogDensity log_ratio_potential(std::shared_ptr<LogRatioEvaluator> evaluator,
                                     sim::PriorPtr prior);

}  // namespace sbi::inference
