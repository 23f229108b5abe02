// Rational-quadratic spline with linear tails (Durkan et al. 2019) for one element, host and
// device (core/host_device.hpp), in float or double: the formulas of flows/rq_spline.hpp written
// once for the GPU kernels and the host, computed without knot arrays so that a GPU thread
// needs no scratch memory (tested on the CPU against the knot-table reference). Parameters of one dimension:
// uw (K), uh (K), ud (K-1). Knots x_{i+1} = -B + 2B·Σ_{j≤i}(m + (1 - K·m)·softmax(s·u)_j),
// x_K = B; inner derivatives d_k = m_d + softplus(ud_{k-1}), d_0 = d_K = 1. In bin k with
// θ = (x - x_k)/w, δ = h/w:
//   y = y_k + h(δθ² + d_kθ(1-θ)) / (δ + (d_k + d_{k+1} - 2δ)θ(1-θ))
//   log dy/dx = log(δ²(d_{k+1}θ² + 2δθ(1-θ) + d_k(1-θ)²)) - 2 log(δ + (d_k + d_{k+1} - 2δ)θ(1-θ))
// The inverse takes the stable root θ = 2c/(-b - √(b² - 4ac)) of aθ² + bθ + c = 0 with
// a = h(δ - d_k) + (y - y_k)s, b = h d_k - (y - y_k)s, c = -δ(y - y_k), s = d_k + d_{k+1} - 2δ.
#pragma once
#include "core/host_device.hpp"

namespace sbi::flows {

struct RqSplineShape {
  int bins = 10;
  double tail_bound = 3.0;
  double min_bin_width = 1e-3;
  double min_bin_height = 1e-3;
  double min_derivative = 1e-3;
  double scale = 1.0;  // multiplies uw and uh before the softmax
};

template <class T>
struct RqValue {
  T value;   // y (forward) or x (inverse)
  T logdet;  // log|dy/dx| (forward) or log|dx/dy| (inverse)
};

namespace detail {

SBI_HD float hd_exp(float v) { return expf(v); }
SBI_HD double hd_exp(double v) { return exp(v); }
SBI_HD float hd_log(float v) { return logf(v); }
SBI_HD double hd_log(double v) { return log(v); }
SBI_HD float hd_log1p(float v) { return log1pf(v); }
SBI_HD double hd_log1p(double v) { return log1p(v); }
SBI_HD float hd_sqrt(float v) { return sqrtf(v); }
SBI_HD double hd_sqrt(double v) { return sqrt(v); }

template <class T>
SBI_HD T rq_softplus(T v) {
  return v > T(0) ? v + hd_log1p(hd_exp(-v)) : hd_log1p(hd_exp(v));
}

// Softmax normalisation of K unnormalised sizes: the maximum of s·u and Σ exp(s·u - max).
template <class T>
SBI_HD void softmax_stats(const T* u, int k, T s, T& top, T& total) {
  top = u[0] * s;
  for (int i = 1; i < k; ++i) top = hd_max(top, u[i] * s);
  total = T(0);
  for (int i = 0; i < k; ++i) total += hd_exp(u[i] * s - top);
}

// Bin of v among the knots from u, and that bin's left and right knot.
template <class T>
SBI_HD int locate_bin(const T* u, int k, T s, T min_size, T bound, T v, T& lo, T& hi) {
  T top, total;
  softmax_stats(u, k, s, top, total);
  T cum = T(0);
  lo = -bound;
  for (int i = 0; i < k; ++i) {
    cum += min_size + (T(1) - min_size * T(k)) * hd_exp(u[i] * s - top) / total;
    hi = i == k - 1 ? bound : -bound + T(2) * bound * cum;
    if (i == k - 1 || v < hi) return i;
    lo = hi;
  }
  return k - 1;
}

// Knots idx and idx + 1 from u.
template <class T>
SBI_HD void knots_of_bin(const T* u, int k, T s, T min_size, T bound, int idx, T& lo, T& hi) {
  T top, total;
  softmax_stats(u, k, s, top, total);
  T cum = T(0);
  lo = -bound;
  for (int i = 0; i <= idx; ++i) {
    cum += min_size + (T(1) - min_size * T(k)) * hd_exp(u[i] * s - top) / total;
    hi = i == k - 1 ? bound : -bound + T(2) * bound * cum;
    if (i < idx) lo = hi;
  }
}

template <class T>
SBI_HD T knot_derivative(const T* ud, int k, T min_d, int idx) {
  return idx == 0 || idx == k ? T(1) : min_d + rq_softplus(ud[idx - 1]);
}

template <class T>
SBI_HD T rq_log_derivative(T delta, T d0, T d1, T theta) {
  const T t = theta * (T(1) - theta);
  const T num = delta * delta * (d1 * theta * theta + T(2) * delta * t +
                                 d0 * (T(1) - theta) * (T(1) - theta));
  const T den = delta + (d0 + d1 - T(2) * delta) * t;
  return hd_log(num) - T(2) * hd_log(den);
}

}  // namespace detail

// params: the 3K - 1 values [uw | uh | ud] of one dimension.
template <class T>
SBI_HD RqValue<T> rq_spline_forward(T x, const T* params, const RqSplineShape& o) {
  const T bound = T(o.tail_bound);
  if (x < -bound || x > bound) return {x, T(0)};
  const int k = o.bins;
  const T s = T(o.scale);
  T x0, x1, y0, y1;
  const int bin = detail::locate_bin(params, k, s, T(o.min_bin_width), bound, x, x0, x1);
  detail::knots_of_bin(params + k, k, s, T(o.min_bin_height), bound, bin, y0, y1);
  const T d0 = detail::knot_derivative(params + 2 * k, k, T(o.min_derivative), bin);
  const T d1 = detail::knot_derivative(params + 2 * k, k, T(o.min_derivative), bin + 1);
  const T w = x1 - x0, h = y1 - y0, delta = h / w;
  const T theta = (x - x0) / w, t = theta * (T(1) - theta);
  const T num = h * (delta * theta * theta + d0 * t);
  const T den = delta + (d0 + d1 - T(2) * delta) * t;
  return {y0 + num / den, detail::rq_log_derivative(delta, d0, d1, theta)};
}

template <class T>
SBI_HD RqValue<T> rq_spline_inverse(T y, const T* params, const RqSplineShape& o) {
  const T bound = T(o.tail_bound);
  if (y < -bound || y > bound) return {y, T(0)};
  const int k = o.bins;
  const T s = T(o.scale);
  T x0, x1, y0, y1;
  const int bin = detail::locate_bin(params + k, k, s, T(o.min_bin_height), bound, y, y0, y1);
  detail::knots_of_bin(params, k, s, T(o.min_bin_width), bound, bin, x0, x1);
  const T d0 = detail::knot_derivative(params + 2 * k, k, T(o.min_derivative), bin);
  const T d1 = detail::knot_derivative(params + 2 * k, k, T(o.min_derivative), bin + 1);
  const T w = x1 - x0, h = y1 - y0, delta = h / w;
  const T dy = y - y0, sum = d0 + d1 - T(2) * delta;
  const T a = h * (delta - d0) + dy * sum;
  const T b = h * d0 - dy * sum;
  const T c = -delta * dy;
  const T disc = hd_max(b * b - T(4) * a * c, T(0));
  const T theta = (T(2) * c) / (-b - detail::hd_sqrt(disc));
  return {x0 + theta * w, -detail::rq_log_derivative(delta, d0, d1, theta)};
}

}  // namespace sbi::flows
