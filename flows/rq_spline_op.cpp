// The batched rational-quadratic spline op (see rq_spline_op.hpp; formulas in rq_spline.hpp).
#include "flows/rq_spline_op.hpp"

#include <algorithm>
#include <cmath>
#include <new>
#include <string>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "core/ops_util.hpp"
#include "core/stage_profile.hpp"
#include "flows/rq_spline_knots.hpp"

namespace sbi::flows {

namespace {

int find_bin(const double* knots, int bins, double v) {
  int k = 0;
  while (k + 1 < bins && v >= knots[k + 1]) ++k;
  return k;
}

// The knots of bin k: its corners (x_k, y_k), (x_{k+1}, y_{k+1}) and end derivatives.
struct BinKnots {
  double x0, x1, y0, y1, d0, d1;
};

BinKnots bin_of(const Knots& s, int k) {
  return {s.x[k], s.x[k + 1], s.y[k], s.y[k + 1], s.d[k], s.d[k + 1]};
}

// Quantities of a bin at position θ shared by value, log-derivative and backward.
struct BinEval {
  double w, h, delta, theta, t, num, den, m;
};

BinEval eval_bin(const BinKnots& b, double theta) {
  BinEval e;
  e.w = b.x1 - b.x0;
  e.h = b.y1 - b.y0;
  e.delta = e.h / e.w;
  e.theta = theta;
  e.t = theta * (1 - theta);
  e.num = e.h * (e.delta * theta * theta + b.d0 * e.t);
  e.den = e.delta + (b.d0 + b.d1 - 2 * e.delta) * e.t;
  e.m = b.d1 * theta * theta + 2 * e.delta * e.t + b.d0 * (1 - theta) * (1 - theta);
  return e;
}

// What the forward pass keeps for backward, so that the softmax and softplus of make_knots
// (the exp and log1p calls) run once per element: per element (r, j) inside [-B, B] its bin,
// the bin's knots and the two softmax vectors (widths, then heights; 2K values).
struct SavedElement {
  BinKnots bin;
  int k;
};

struct SplineTapeData {
  SplineSettings options;
  SavedElement* elements = nullptr;  // rows·dims, row-major; null without a gradient
  double* softmax = nullptr;         // rows·dims·2K
};

void save_element(SplineTapeData& saved, Index at, const Knots& s, int k) {
  if (!saved.elements) return;
  saved.elements[at] = {bin_of(s, k), k};
  double* sm = saved.softmax + at * 2 * s.bins;
  std::copy(s.sw, s.sw + s.bins, sm);
  std::copy(s.sh, s.sh + s.bins, sm + s.bins);
}

// log dy/dx = 2 log δ + log m - 2 log den, as one log: log((δ/den)²·m) (all three are positive
// and within a few orders of magnitude of 1, so the product cannot overflow).
double log_derivative(const BinEval& e) {
  const double ratio = e.delta / e.den;
  return std::log(ratio * ratio * e.m);
}

// ū for a softmax-parameterised knot vector, given adjoints of the knots (entries 1..K-1).
void knots_backward(const double* knots_bar, const double* s, int bins, double scale,
                    double min_size, double bound, float* u_bar) {
  double sbar[kMaxSplineBins];
  double suffix = 0;  // Σ_{j > i, j < K} knots_bar[j]
  for (int i = bins - 1; i >= 0; --i) {
    if (i + 1 < bins) suffix += knots_bar[i + 1];
    sbar[i] = 2 * bound * suffix * (1 - min_size * bins);
  }
  double dot = 0;
  for (int i = 0; i < bins; ++i) dot += s[i] * sbar[i];
  for (int i = 0; i < bins; ++i) u_bar[i] += static_cast<float>(scale * s[i] * (sbar[i] - dot));
}

const SplineTapeData& saved_of(const ad::Node& n) {
  return *static_cast<const SplineTapeData*>(n.aux);
}

void spline_backward(ad::Tape& t, const ad::Node& n) {
  prof::StageScope scope(prof::Stage::SplineBackward);
  const SplineTapeData& saved = saved_of(n);
  const SplineSettings& o = saved.options;
  const MapF x = ad::input_value(t, n, 0), p = ad::input_value(t, n, 1);
  MapF gx = ad::input_grad(t, n, 0), gp = ad::input_grad(t, n, 1);
  const MapF g = ad::self_grad(n);
  const Index rows = x.rows(), dims = x.cols(), per = o.params_per_dim();
  const int kb = o.bins;
  for (Index r = 0; r < rows; ++r) {
    const double gl = g(r, dims);
    for (Index j = 0; j < dims; ++j) {
      const double xv = x(r, j), gy = g(r, j);
      if (xv < -o.tail_bound || xv > o.tail_bound) {
        if (gx.data()) gx(r, j) += static_cast<float>(gy);
        continue;
      }
      const float* pr = &p(r, j * per);
      const SavedElement& el = saved.elements[r * dims + j];
      const double* sw = saved.softmax + (r * dims + j) * 2 * kb;
      const int k = el.k;
      const double d0 = el.bin.d0, d1 = el.bin.d1;
      const BinEval e = eval_bin(el.bin, (xv - el.bin.x0) / (el.bin.x1 - el.bin.x0));
      const double th = e.theta;
      // y = y_k + num/den;  L = 2 log δ + log m - 2 log den.
      double yk_bar = gy;
      const double num_bar = gy / e.den;
      const double den_bar = -gy * e.num / (e.den * e.den) - 2 * gl / e.den;
      const double m_bar = gl / e.m;
      double delta_bar = 2 * gl / e.delta, h_bar = 0, theta_bar = 0, t_bar = 0, d0_bar = 0,
             d1_bar = 0, w_bar = 0;
      // num = h (δθ² + d0 t)
      h_bar += num_bar * (e.delta * th * th + d0 * e.t);
      delta_bar += num_bar * e.h * th * th;
      theta_bar += num_bar * e.h * 2 * e.delta * th;
      d0_bar += num_bar * e.h * e.t;
      t_bar += num_bar * e.h * d0;
      // den = δ + (d0 + d1 - 2δ) t
      delta_bar += den_bar * (1 - 2 * e.t);
      d0_bar += den_bar * e.t;
      d1_bar += den_bar * e.t;
      t_bar += den_bar * (d0 + d1 - 2 * e.delta);
      // m = d1 θ² + 2δ t + d0 (1-θ)²
      d1_bar += m_bar * th * th;
      delta_bar += m_bar * 2 * e.t;
      t_bar += m_bar * 2 * e.delta;
      d0_bar += m_bar * (1 - th) * (1 - th);
      theta_bar += m_bar * (2 * d1 * th - 2 * d0 * (1 - th));
      // t = θ(1-θ);  δ = h/w;  θ = (x - x_k)/w
      theta_bar += t_bar * (1 - 2 * th);
      h_bar += delta_bar / e.w;
      w_bar += -delta_bar * e.h / (e.w * e.w);
      if (gx.data()) gx(r, j) += static_cast<float>(theta_bar / e.w);
      if (!gp.data()) continue;
      const double xk_bar = -theta_bar / e.w;
      w_bar += -theta_bar * th / e.w;
      double cw_bar[kMaxSplineBins + 1] = {}, ch_bar[kMaxSplineBins + 1] = {};
      cw_bar[k] += xk_bar - w_bar;
      cw_bar[k + 1] += w_bar;
      ch_bar[k] += yk_bar - h_bar;
      ch_bar[k + 1] += h_bar;
      float* gpr = &gp(r, j * per);
      knots_backward(cw_bar, sw, kb, o.scale, o.min_bin_width, o.tail_bound, gpr);
      knots_backward(ch_bar, sw + kb, kb, o.scale, o.min_bin_height, o.tail_bound,
                     gpr + kb);
      // d_k = m_d + softplus(ud_{k-1}) for 0 < k < K:  ∂/∂ud = σ(ud)
      auto sig = [](double v) { return 1.0 / (1.0 + std::exp(-v)); };
      if (k >= 1) gpr[2 * kb + k - 1] += static_cast<float>(d0_bar * sig(pr[2 * kb + k - 1]));
      if (k + 1 < kb) gpr[2 * kb + k] += static_cast<float>(d1_bar * sig(pr[2 * kb + k]));
    }
  }
}

void check_inputs(const char* what, Index xr, Index xc, Index pr, Index pc,
                  const SplineSettings& o) {
  o.validate();
  if (o.bins > kMaxSplineBins)
    throw ValueError(std::string(what) + ": at most " + std::to_string(kMaxSplineBins) +
                     " bins, got " + std::to_string(o.bins));
  if (pr != xr || pc != xc * o.params_per_dim())
    throw ShapeError(std::string(what) + ": input is " + shape_str(xr, xc) + " so params must be " +
                     shape_str(xr, xc * o.params_per_dim()) + " (3K-1 per dimension), got " +
                     shape_str(pr, pc));
}

}  // namespace

SplineVars rq_spline(ad::Var x, ad::Var params, const SplineSettings& o) {
  check_inputs("rq_spline", x.rows(), x.cols(), params.rows(), params.cols(), o);
  ad::Tape& t = *x.tape();
  const Index rows = x.rows(), dims = x.cols();
  ad::Var out = t.record(rows, dims + 1, spline_backward, {x, params});
  ad::Node& n = t.node(out.id());
  auto* saved = new (t.arena().alloc<SplineTapeData>(1)) SplineTapeData{o};
  if (n.needs_grad) {
    saved->elements = t.arena().alloc<SavedElement>(static_cast<std::size_t>(rows * dims));
    saved->softmax = t.arena().alloc<double>(static_cast<std::size_t>(rows * dims * 2 * o.bins));
  }
  n.aux = saved;
  MapF xv = x.value(), pv = params.value(), ov = out.value();
  prof::StageScope scope(prof::Stage::SplineForward);
  const Index elements = rows * dims, kb = o.bins;
  auto* exps = t.arena().alloc<double>(static_cast<std::size_t>(elements * (3 * kb)));
  double *ew = exps, *eh = ew + elements * kb, *dk = eh + elements * kb, *top = dk + elements * (kb - 1);
  knot_exponentials(pv.data(), elements, o, ew, eh, dk, top);
  Knots s;
  for (Index r = 0; r < rows; ++r) {
    double ld = 0;
    for (Index j = 0; j < dims; ++j) {
      const double xj = xv(r, j);
      if (xj < -o.tail_bound || xj > o.tail_bound) {
        ov(r, j) = xv(r, j);
        continue;
      }
      const Index at = r * dims + j;
      make_knots_from(ew + at * kb, eh + at * kb, dk + at * (kb - 1), o, s);
      const int k = find_bin(s.x, o.bins, xj);
      save_element(*saved, at, s, k);
      const BinEval e = eval_bin(bin_of(s, k), (xj - s.x[k]) / (s.x[k + 1] - s.x[k]));
      ov(r, j) = static_cast<float>(s.y[k] + e.num / e.den);
      ld += log_derivative(e);
    }
    ov(r, dims) = static_cast<float>(ld);
  }
  return {ad::slice_cols(out, 0, dims), ad::slice_cols(out, dims, 1)};
}

void rq_spline_inverse(const Eigen::Ref<const MatrixF>& y, const Eigen::Ref<const MatrixF>& params,
                       const SplineSettings& o, Eigen::Ref<MatrixF> x,
                       Eigen::Ref<MatrixF> logdet_out) {
  check_inputs("rq_spline_inverse", y.rows(), y.cols(), params.rows(), params.cols(), o);
  require_shape("rq_spline_inverse: x", x, y.rows(), y.cols());
  require_shape("rq_spline_inverse: logdet", logdet_out, y.rows(), 1);
  const Index per = o.params_per_dim();
  Knots s;
  for (Index r = 0; r < y.rows(); ++r) {
    double ld = 0;
    for (Index j = 0; j < y.cols(); ++j) {
      const double yj = y(r, j);
      if (yj < -o.tail_bound || yj > o.tail_bound) {
        x(r, j) = static_cast<float>(yj);
        continue;
      }
      make_knots(params.data() + r * params.outerStride() + j * per, o, s);
      const int k = find_bin(s.y, o.bins, yj);
      const double w = s.x[k + 1] - s.x[k], h = s.y[k + 1] - s.y[k], delta = h / w;
      const double dy = yj - s.y[k], sum = s.d[k] + s.d[k + 1] - 2 * delta;
      const double a = h * (delta - s.d[k]) + dy * sum;
      const double b = h * s.d[k] - dy * sum;
      const double c = -delta * dy;
      const double disc = std::max(b * b - 4 * a * c, 0.0);
      const double theta = std::clamp((2 * c) / (-b - std::sqrt(disc)), 0.0, 1.0);
      x(r, j) = static_cast<float>(s.x[k] + theta * w);
      ld -= log_derivative(eval_bin(bin_of(s, k), theta));
    }
    logdet_out(r, 0) = static_cast<float>(ld);
  }
}

}  // namespace sbi::flows
