// Spline knots, per element and batched (see rq_spline_knots.hpp).
#include "flows/rq_spline_knots.hpp"

#include <algorithm>
#include <cmath>

namespace sbi::flows {

namespace {

using RowArrayD = Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowArrayF = Eigen::Array<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Normalises the numerators e (in place into s) and accumulates the knot positions.
void knots_from_numerators(const double* e, int bins, double min_size, double bound, double* s,
                           double* knots) {
  double total = 0;
  for (int i = 0; i < bins; ++i) total += s[i] = e[i];
  double cum = 0;
  knots[0] = -bound;
  for (int i = 0; i < bins; ++i) {
    s[i] /= total;
    cum += min_size + (1 - min_size * bins) * s[i];
    knots[i + 1] = -bound + 2 * bound * cum;
  }
  knots[bins] = bound;
}

void numerators(const float* u, int bins, double scale, double* e) {
  double top = -INFINITY;
  for (int i = 0; i < bins; ++i) top = std::max(top, scale * u[i]);
  for (int i = 0; i < bins; ++i) e[i] = std::exp(scale * u[i] - top);
}

double softplus(double v) { return v > 0 ? v + std::log1p(std::exp(-v)) : std::log1p(std::exp(v)); }

}  // namespace

void make_knots(const float* p, const SplineSettings& o, Knots& s) {
  const int kb = o.bins;
  double ew[kMaxSplineBins], eh[kMaxSplineBins], d[kMaxSplineBins];
  numerators(p, kb, o.scale, ew);
  numerators(p + kb, kb, o.scale, eh);
  for (int k = 1; k < kb; ++k) d[k - 1] = o.min_derivative + softplus(p[2 * kb + k - 1]);
  make_knots_from(ew, eh, d, o, s);
}

void knot_exponentials(const float* params, Index elements, const SplineSettings& o, double* ew,
                       double* eh, double* d, double* top) {
  const Index kb = o.bins, per = o.params_per_dim();
  const Eigen::Map<const RowArrayF> u(params, elements, per);
  Eigen::Map<Eigen::ArrayXd> t(top, elements);
  Eigen::Map<RowArrayD> w(ew, elements, kb), h(eh, elements, kb), dv(d, elements, kb - 1);
  const double c = o.scale;
  // The shift by each row's maximum first, then exp over the whole array: an exp of a
  // column-broadcast difference on a row-major array is evaluated one scalar at a time (glibc's
  // exp), an exp of a plain array in Eigen's vectors.
  w = c * u.leftCols(kb).cast<double>();
  t = w.rowwise().maxCoeff();
  w.colwise() -= t;
  w = w.exp();
  h = c * u.middleCols(kb, kb).cast<double>();
  t = h.rowwise().maxCoeff();
  h.colwise() -= t;
  h = h.exp();
  dv = u.rightCols(kb - 1).cast<double>();
  dv = o.min_derivative + dv.max(0.0) + (1.0 + (-dv.abs()).exp()).log();
}

void make_knots_from(const double* ew, const double* eh, const double* d, const SplineSettings& o,
                     Knots& s) {
  const int kb = o.bins;
  s.bins = kb;
  knots_from_numerators(ew, kb, o.min_bin_width, o.tail_bound, s.sw, s.x);
  knots_from_numerators(eh, kb, o.min_bin_height, o.tail_bound, s.sh, s.y);
  s.d[0] = s.d[kb] = 1.0;
  for (int k = 1; k < kb; ++k) s.d[k] = d[k - 1];
}

}  // namespace sbi::flows
