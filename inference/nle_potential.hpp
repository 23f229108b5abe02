// The NLE posterior potential for an observation x_o:
//   log p̃(θ | x_o) = log q(x_o | θ) + log p(θ)
// for batches of θ (one row per chain). log q runs through a flows::FlowEvaluator when one is
// given (tape-free, built once per posterior) and through the estimator's tape path otherwise
// (MDN, embedding nets; and as the reference). θ in float and the flow's values live in
// grow-only buffers of the potential, so a steady-state MCMC step allocates nothing (samplers
// call a density from one thread). With ThetaSpace::unconstrained the flow is conditioned on
// z = T⁻¹(θ) (the prior's to_unconstrained_one, row by row; −∞ where z is not finite, i.e. on
// the support's boundary).
#pragma once
#include <memory>

#include "flows/density_estimator.hpp"
#include "flows/flow_evaluator.hpp"
#include "inference/posterior_estimator.hpp"
#include "mcmc/log_density.hpp"
#include "simulators/prior.hpp"

namespace sbi::inference {

// x_row: x_o as one float row; evaluator may be nullptr (tape path).
mcmc::LogDensity likelihood_potential(std::shared_ptr<flows::ConditionalDensityEstimator> estimator,
                                      std::shared_ptr<flows::FlowEvaluator> evaluator, sim::PriorPtr prior,
                                      const MatrixF& x_row, ThetaSpace space = ThetaSpace::constrained);

}  // namespace sbi::inference
