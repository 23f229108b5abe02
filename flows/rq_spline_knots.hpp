// The knots of the rational-quadratic spline from one dimension's unnormalised parameters
// [u_w | u_h | u_d] (K, K, K−1 values), as the spline op uses them (formulas in rq_spline.hpp):
//   s_i = exp(c·u_i − max_l c·u_l) / Σ_l exp(c·u_l − max_l c·u_l)      (widths, heights)
//   x_k = −B + 2B·Σ_{i<k} (m + (1 − mK)·s_i),  x_0 = −B, x_K = B         (likewise y_k)
//   d_0 = d_K = 1,  d_k = m_d + softplus(u_{d,k−1})
// make_knots is the per-element reference (glibc exp and log1p). knot_exponentials computes
// the transcendental part for a whole batch at once with Eigen's vectorised exp and log
// (softplus(v) = max(v, 0) + log(1 + exp(−|v|))), and make_knots_from finishes one element:
// equal to make_knots to rounding (tests/flows/test_rq_spline.cpp).
#pragma once
#include "flows/rq_spline_op.hpp"

namespace sbi::flows {

// One spline's knots, plus the softmax outputs needed by the backward pass.
struct Knots {
  int bins = 0;
  double x[kMaxSplineBins + 1], y[kMaxSplineBins + 1], d[kMaxSplineBins + 1];
  double sw[kMaxSplineBins], sh[kMaxSplineBins];
};

// The per-element reference: p points at the 3K − 1 parameters.
void make_knots(const float* p, const SplineSettings& o, Knots& s);

// For `elements` consecutive parameter blocks of 3K − 1 floats: the softmax numerators of the
// widths (ew, elements×K) and heights (eh, elements×K) and the interior derivatives
// (d, elements×(K−1)); `top` is scratch of `elements` doubles.
void knot_exponentials(const float* params, Index elements, const SplineSettings& o, double* ew,
                       double* eh, double* d, double* top);

// One element's knots from its rows of knot_exponentials.
void make_knots_from(const double* ew, const double* eh, const double* d, const SplineSettings& o,
                     Knots& s);

}  // namespace sbi::flows
