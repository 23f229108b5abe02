// Monotone rational-quadratic splines (Durkan et al. 2019, "Neural Spline Flows") with linear
// tails: the readable per-element reference in double precision.
//
// A spline on [-B, B] has K bins with knots (x_k, y_k) and positive knot derivatives d_k
// (k = 0..K). Outside [-B, B] it is the identity (d_0 = d_K = 1, so the derivative is
// continuous). From unnormalised parameters (per dimension: K widths, K heights, K-1 inner
// derivatives, laid out as [uw | uh | ud]):
//   w_k = m_w + (1 - K m_w) softmax(uw)_k,   x_k = -B + 2B Σ_{i<k} w_i   (x_0 = -B, x_K = B)
//   h_k likewise from uh (y_k),              d_k = m_d + softplus(ud_{k-1}) for 0 < k < K.
// In bin k, with θ = (x - x_k)/(x_{k+1} - x_k), δ = (y_{k+1} - y_k)/(x_{k+1} - x_k), h = y_{k+1} - y_k:
//   y = y_k + h (δθ² + d_k θ(1-θ)) / (δ + (d_k + d_{k+1} - 2δ) θ(1-θ))
//   dy/dx = δ² (d_{k+1}θ² + 2δθ(1-θ) + d_k(1-θ)²) / (δ + (d_k + d_{k+1} - 2δ) θ(1-θ))²
// The inverse solves a θ² + b θ + c = 0 with the root in [0, 1] written in the stable form
//   θ = 2c / (-b - √(b² - 4ac)),  a = h(δ - d_k) + (y - y_k)s,  b = h d_k - (y - y_k)s,
//   c = -δ(y - y_k),  s = d_k + d_{k+1} - 2δ.
#pragma once
#include <span>
#include <vector>

#include "core/tensor.hpp"
#include "flows/rq_spline_math.hpp"

namespace sbi::flows {

// The spline's shape (bins, tail bound, minimum widths, heights and derivatives, and the scale of
// uw and uh: flows set it from their EstimatorSettings::spline_scale, 1/√hidden as nflows and the
// sbi package, or 1 as zuko) is RqSplineShape, the struct the host/device maths reads.
struct SplineSettings : RqSplineShape {
  // Unnormalised parameters per transformed dimension: 3K - 1.
  Index params_per_dim() const { return 3 * static_cast<Index>(bins) - 1; }
  void validate() const;  // ValueError for bins < 1, B ≤ 0, K·min ≥ 1, ...
};

// The K + 1 knots of one spline.
struct SplineKnots {
  std::vector<double> x, y, d;
};

// Knots from one dimension's 3K - 1 unnormalised parameters [uw | uh | ud].
SplineKnots spline_knots(std::span<const double> params, const SplineSettings& options);

struct SplineValue {
  double value = 0;   // y for forward, x for inverse
  double logdet = 0;  // log|dy/dx| (forward) or log|dx/dy| (inverse)
};

SplineValue rq_spline_forward_reference(double x, const SplineKnots& knots,
                                        const SplineSettings& options);
SplineValue rq_spline_inverse_reference(double y, const SplineKnots& knots,
                                        const SplineSettings& options);

}  // namespace sbi::flows
