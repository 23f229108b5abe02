// Linear-regression adjustment of ABC samples (Beaumont, Zhang & Balding 2002).
//
// For accepted (θ_i, x_i) with weights w_i (kernel weights K(d_i/ε) = 1 − (d_i/ε)², the
// Epanechnikov kernel, times any importance weights), fit by weighted least squares
//   u_i = α + (x_i − x_o)·β + e_i,     u = T⁻¹(θ) (the prior's unconstrained coordinates),
// and replace u_i by u_i − (x_i − x_o)·β, i.e. move every sample to where it would be had its
// simulation equalled x_o. Working in unconstrained coordinates keeps the adjusted θ = T(u)
// inside the prior's support. Exact in mean and variance when θ | x is linear-Gaussian.
#pragma once
#include "inference/rejection_abc.hpp"
#include "inference/simulation_data.hpp"
#include "simulators/prior.hpp"

namespace sbi::inference {

// w_i = max(0, 1 − (d_i/ε)²); ε > 0.
VectorD epanechnikov_weights(const VectorD& distances, double epsilon);

// The adjusted θ (same shape as theta). weights ≥ 0, not all zero.
MatrixD regression_adjust(const MatrixD& theta, const MatrixD& x, const VectorD& weights,
                          const RowVectorD& x_o, const sim::Prior& prior);

// Rejection ABC (the num_accept nearest by `distance`, default z-scored Euclidean) followed by
// the regression adjustment with Epanechnikov weights (ε = the largest accepted distance).
EmpiricalPosterior rejection_abc_adjusted(const SimulationData& data, const RowVectorD& x_o,
                                          Index num_accept, const DistanceFn& distance = {});

}  // namespace sbi::inference
