// The rational-quadratic spline as a tape op (float storage, double arithmetic per element),
// vectorised over a batch: x is n×D, params is n×D(3K-1) with dimension j's parameters in
// columns [j(3K-1), (j+1)(3K-1)) laid out [uw | uh | ud] (see rq_spline.hpp for the math).
//
// Backward differentiates y and Σ_j log|dy_j/dx_j| with respect to x and every unnormalised
// parameter: the local derivatives of the bin formula are propagated by hand to the knots
// (x_k, x_{k+1}, y_k, y_{k+1}, d_k, d_{k+1}), then through the cumulative sum and softmax
// (ū_i = scale · s_i (s̄_i - Σ_l s_l s̄_l)) and the softplus (ūd = d̄ · σ(ud)).
// Outside [-B, B] the spline is the identity: ∂y/∂x = 1, no parameter gradient.
#pragma once
#include "core/tape.hpp"
#include "flows/rq_spline.hpp"

namespace sbi::flows {

inline constexpr int kMaxSplineBins = 64;

struct SplineVars {
  ad::Var y;       // n×D
  ad::Var logdet;  // n×1: Σ_j log|dy_j/dx_j|
};

// Forward (data → noise direction of a flow) on the tape.
SplineVars rq_spline(ad::Var x, ad::Var params, const SplineSettings& options);

// Inverse without a tape: x = spline⁻¹(y) and logdet_out(i) = Σ_j log|dx_j/dy_j| (n×1).
// x may alias y.
void rq_spline_inverse(const Eigen::Ref<const MatrixF>& y, const Eigen::Ref<const MatrixF>& params,
                       const SplineSettings& options, Eigen::Ref<MatrixF> x,
                       Eigen::Ref<MatrixF> logdet_out);

}  // namespace sbi::flows
