// An NPE posterior flow as an MCMC target, for a flow that leaks almost all its mass outside the
// prior's support (rejection would need millions of draws per accepted one):
//   log p̃(θ | x_o) = log q(θ | x_o)   for θ inside the support, −∞ outside.
// The normaliser P_q(θ ∈ support) is a constant MCMC does not need. Constrained flows only (an
// unconstrained one has no mass outside). log q runs through a flows::FlowEvaluator when one
// covers the flow (tape-free) and through the estimator's tape path otherwise (MDN, embedding
// nets); θ in float and the values live in grow-only buffers, so a steady-state step allocates
// nothing. One sampler at a time (the buffers are the potential's).
#pragma once
#include "inference/posterior_estimator.hpp"
#include "mcmc/log_density.hpp"

namespace sbi::inference {

// x_row: x_o as one float row (the flow's context).
mcmc::LogDensity posterior_flow_potential(const PosteriorEstimator& estimator, const MatrixF& x_row);

}  // namespace sbi::inference
