// The per-element reference of the rational-quadratic spline (formulas in rq_spline.hpp).
#include "flows/rq_spline.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/errors.hpp"

namespace sbi::flows {

void SplineSettings::validate() const {
  auto bad = [](const std::string& what) { throw ValueError("SplineSettings: " + what); };
  if (bins < 1) bad("bins must be >= 1, got " + std::to_string(bins));
  if (!(tail_bound > 0)) bad("tail_bound must be > 0, got " + std::to_string(tail_bound));
  if (!(min_bin_width > 0) || min_bin_width * bins >= 1)
    bad("min_bin_width must be in (0, 1/bins), got " + std::to_string(min_bin_width));
  if (!(min_bin_height > 0) || min_bin_height * bins >= 1)
    bad("min_bin_height must be in (0, 1/bins), got " + std::to_string(min_bin_height));
  if (!(min_derivative > 0))
    bad("min_derivative must be > 0, got " + std::to_string(min_derivative));
}

namespace {

// Knot positions on [-B, B] from unnormalised bin sizes u (K values).
std::vector<double> knot_positions(std::span<const double> u, double scale, double min_size,
                                   double bound) {
  const std::size_t k = u.size();
  double top = -INFINITY;
  for (double v : u) top = std::max(top, v * scale);
  std::vector<double> size(k);
  double total = 0;
  for (std::size_t i = 0; i < k; ++i) total += size[i] = std::exp(u[i] * scale - top);
  std::vector<double> knots(k + 1);
  knots[0] = -bound;
  double cum = 0;
  for (std::size_t i = 0; i < k; ++i) {
    cum += min_size + (1 - min_size * static_cast<double>(k)) * size[i] / total;
    knots[i + 1] = -bound + 2 * bound * cum;
  }
  knots[k] = bound;
  return knots;
}

double softplus(double v) { return v > 0 ? v + std::log1p(std::exp(-v)) : std::log1p(std::exp(v)); }

// Index of the bin of `v` among the knots (v inside [knots.front(), knots.back()]).
std::size_t find_bin(const std::vector<double>& knots, double v) {
  std::size_t k = 0;
  while (k + 2 < knots.size() && v >= knots[k + 1]) ++k;
  return k;
}

// log dy/dx at position θ of bin k.
double log_derivative(const SplineKnots& s, std::size_t k, double theta) {
  const double w = s.x[k + 1] - s.x[k], h = s.y[k + 1] - s.y[k], delta = h / w;
  const double t = theta * (1 - theta);
  const double num = delta * delta *
                     (s.d[k + 1] * theta * theta + 2 * delta * t + s.d[k] * (1 - theta) * (1 - theta));
  const double den = delta + (s.d[k] + s.d[k + 1] - 2 * delta) * t;
  return std::log(num) - 2 * std::log(den);
}

}  // namespace

SplineKnots spline_knots(std::span<const double> params, const SplineSettings& o) {
  const auto kb = static_cast<std::size_t>(o.bins);
  if (params.size() != 3 * kb - 1)
    throw ShapeError("spline_knots: expected " + std::to_string(3 * kb - 1) +
                     " parameters, got " + std::to_string(params.size()));
  SplineKnots s;
  s.x = knot_positions(params.subspan(0, kb), o.scale, o.min_bin_width, o.tail_bound);
  s.y = knot_positions(params.subspan(kb, kb), o.scale, o.min_bin_height,
                       o.tail_bound);
  s.d.assign(kb + 1, 1.0);  // linear tails: slope 1 at ±B
  for (std::size_t k = 1; k < kb; ++k) s.d[k] = o.min_derivative + softplus(params[2 * kb + k - 1]);
  return s;
}

SplineValue rq_spline_forward_reference(double x, const SplineKnots& s, const SplineSettings& o) {
  if (x < -o.tail_bound || x > o.tail_bound) return {x, 0.0};
  const std::size_t k = find_bin(s.x, x);
  const double w = s.x[k + 1] - s.x[k], h = s.y[k + 1] - s.y[k], delta = h / w;
  const double theta = (x - s.x[k]) / w, t = theta * (1 - theta);
  const double num = h * (delta * theta * theta + s.d[k] * t);
  const double den = delta + (s.d[k] + s.d[k + 1] - 2 * delta) * t;
  return {s.y[k] + num / den, log_derivative(s, k, theta)};
}

SplineValue rq_spline_inverse_reference(double y, const SplineKnots& s, const SplineSettings& o) {
  if (y < -o.tail_bound || y > o.tail_bound) return {y, 0.0};
  const std::size_t k = find_bin(s.y, y);
  const double w = s.x[k + 1] - s.x[k], h = s.y[k + 1] - s.y[k], delta = h / w;
  const double dy = y - s.y[k], sum = s.d[k] + s.d[k + 1] - 2 * delta;
  const double a = h * (delta - s.d[k]) + dy * sum;
  const double b = h * s.d[k] - dy * sum;
  const double c = -delta * dy;
  const double disc = std::max(b * b - 4 * a * c, 0.0);
  const double theta = (2 * c) / (-b - std::sqrt(disc));
  return {s.x[k] + theta * w, -log_derivative(s, k, theta)};
}

}  // namespace sbi::flows
