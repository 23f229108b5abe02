// Dormand–Prince 5(4) adaptive integrator (method and formulas in ode_dopri5.hpp).
#include "simulators/ode_dopri5.hpp"

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"

namespace sbi::sim {

namespace {

// Butcher tableau of Dormand–Prince 5(4).
constexpr double c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9;
constexpr double a21 = 1.0 / 5;
constexpr double a31 = 3.0 / 40, a32 = 9.0 / 40;
constexpr double a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9;
constexpr double a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561, a54 = -212.0 / 729;
constexpr double a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247, a64 = 49.0 / 176,
                 a65 = -5103.0 / 18656;
constexpr double b1 = 35.0 / 384, b3 = 500.0 / 1113, b4 = 125.0 / 192, b5 = -2187.0 / 6784, b6 = 11.0 / 84;
// e_i = b_i - b*_i (b* = 5179/57600, 0, 7571/16695, 393/640, -92097/339200, 187/2100, 1/40).
constexpr double e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920, e5 = -17253.0 / 339200,
                 e6 = 22.0 / 525, e7 = -1.0 / 40;

struct Workspace {
  explicit Workspace(std::size_t n) : k1(n), k2(n), k3(n), k4(n), k5(n), k6(n), k7(n), tmp(n), ynew(n) {}
  std::vector<double> k1, k2, k3, k4, k5, k6, k7, tmp, ynew;
};

double scaled_rms(const std::vector<double>& v, const std::vector<double>& y, const OdeSettings& o) {
  double s = 0.0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double sc = o.atol + o.rtol * std::abs(y[i]);
    s += (v[i] / sc) * (v[i] / sc);
  }
  return std::sqrt(s / static_cast<double>(v.size()));
}

// Hairer's starting step (Solving ODEs I, II.4).
double initial_step(const OdeRhs& f, double t, const std::vector<double>& y, Workspace& w, const OdeSettings& o) {
  const double d0 = scaled_rms(y, y, o), d1 = scaled_rms(w.k1, y, o);
  double h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
  for (std::size_t i = 0; i < y.size(); ++i) w.tmp[i] = y[i] + h0 * w.k1[i];
  f(t + h0, w.tmp.data(), w.k2.data());
  for (std::size_t i = 0; i < y.size(); ++i) w.k3[i] = w.k2[i] - w.k1[i];
  const double d2 = scaled_rms(w.k3, y, o) / h0;
  const double m = std::max(d1, d2);
  const double h1 = m <= 1e-15 ? std::max(1e-6, h0 * 1e-3) : std::pow(0.01 / m, 1.0 / 5.0);
  return std::min(100.0 * h0, h1);
}

}  // namespace

OdeResult solve_dopri5(const OdeRhs& f, const std::vector<double>& y0, const std::vector<double>& times,
                       const OdeSettings& o) {
  if (y0.empty() || times.empty()) throw ValueError("solve_dopri5: empty state or time grid");
  for (std::size_t i = 1; i < times.size(); ++i)
    if (!(times[i] >= times[i - 1]))
      throw ValueError("solve_dopri5: output times must be non-decreasing (times[" + std::to_string(i) + "] = " +
                       std::to_string(times[i]) + " < " + std::to_string(times[i - 1]) + ")");
  if (!(o.rtol > 0) || !(o.atol > 0)) throw ValueError("solve_dopri5: rtol and atol must be > 0");

  const std::size_t n = y0.size();
  OdeResult r;
  r.y = MatrixD::Constant(static_cast<Index>(times.size()), static_cast<Index>(n), NAN);
  std::vector<double> y = y0;
  Workspace w(n);
  double t = times[0];
  f(t, y.data(), w.k1.data());
  double h = o.initial_step > 0 ? o.initial_step : initial_step(f, t, y, w, o);
  if (o.max_step > 0) h = std::min(h, o.max_step);
  bool last_rejected = false;

  for (std::size_t out = 0; out < times.size(); ++out) {
    const double target = times[out];
    while (t < target) {
      if (r.steps + r.rejected >= o.max_steps) {
        r.message = "too many steps (" + std::to_string(o.max_steps) + ") before t = " + std::to_string(target);
        return r;
      }
      const bool clipped = t + h >= target;
      const double hs = clipped ? target - t : h;
      for (std::size_t i = 0; i < n; ++i) w.tmp[i] = y[i] + hs * a21 * w.k1[i];
      f(t + c2 * hs, w.tmp.data(), w.k2.data());
      for (std::size_t i = 0; i < n; ++i) w.tmp[i] = y[i] + hs * (a31 * w.k1[i] + a32 * w.k2[i]);
      f(t + c3 * hs, w.tmp.data(), w.k3.data());
      for (std::size_t i = 0; i < n; ++i) w.tmp[i] = y[i] + hs * (a41 * w.k1[i] + a42 * w.k2[i] + a43 * w.k3[i]);
      f(t + c4 * hs, w.tmp.data(), w.k4.data());
      for (std::size_t i = 0; i < n; ++i)
        w.tmp[i] = y[i] + hs * (a51 * w.k1[i] + a52 * w.k2[i] + a53 * w.k3[i] + a54 * w.k4[i]);
      f(t + c5 * hs, w.tmp.data(), w.k5.data());
      for (std::size_t i = 0; i < n; ++i)
        w.tmp[i] = y[i] + hs * (a61 * w.k1[i] + a62 * w.k2[i] + a63 * w.k3[i] + a64 * w.k4[i] + a65 * w.k5[i]);
      f(t + hs, w.tmp.data(), w.k6.data());
      for (std::size_t i = 0; i < n; ++i)
        w.ynew[i] = y[i] + hs * (b1 * w.k1[i] + b3 * w.k3[i] + b4 * w.k4[i] + b5 * w.k5[i] + b6 * w.k6[i]);
      f(t + hs, w.ynew.data(), w.k7.data());

      double err = 0.0;
      bool finite = true;
      for (std::size_t i = 0; i < n; ++i) {
        const double e = hs * (e1 * w.k1[i] + e3 * w.k3[i] + e4 * w.k4[i] + e5 * w.k5[i] + e6 * w.k6[i] + e7 * w.k7[i]);
        const double sc = o.atol + o.rtol * std::max(std::abs(y[i]), std::abs(w.ynew[i]));
        err += (e / sc) * (e / sc);
        finite = finite && std::isfinite(w.ynew[i]) && std::isfinite(w.k7[i]);
      }
      err = std::sqrt(err / static_cast<double>(n));
      if (!finite || !std::isfinite(err)) err = 1e10;  // shrink; fails below via min_step

      const double factor = err == 0.0 ? 10.0 : std::min(10.0, std::max(0.2, 0.9 * std::pow(err, -0.2)));
      if (err <= 1.0) {
        t = clipped ? target : t + hs;
        y.swap(w.ynew);
        w.k1.swap(w.k7);
        ++r.steps;
        // A step shortened to land on an output time does not shrink the next step.
        const double hn = hs * (last_rejected ? std::min(1.0, factor) : factor);
        h = clipped ? std::max(h, hn) : hn;
        last_rejected = false;
      } else {
        ++r.rejected;
        h = hs * std::min(1.0, factor);
        last_rejected = true;
      }
      if (o.max_step > 0) h = std::min(h, o.max_step);
      if (h < o.min_step) {
        r.message = "step size " + std::to_string(h) + " below the minimum at t = " + std::to_string(t);
        return r;
      }
    }
    for (std::size_t i = 0; i < n; ++i) r.y(static_cast<Index>(out), static_cast<Index>(i)) = y[i];
  }
  r.ok = true;
  return r;
}

}  // namespace sbi::sim
