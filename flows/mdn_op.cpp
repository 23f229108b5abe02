// Gaussian-mixture log-density op (see mdn_op.hpp).
#include "flows/mdn_op.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "core/errors.hpp"
#include "core/ops_util.hpp"

namespace sbi::flows {

MatrixD mdn_precision_factor(const float* f, Index k, Index d) {
  const float* p = f + k * mdn_factor_count(d);
  MatrixD u = MatrixD::Zero(d, d);
  for (Index i = 0; i < d; ++i) u(i, i) = std::exp(static_cast<double>(p[i]));
  Index pos = d;
  for (Index i = 0; i < d; ++i)
    for (Index j = i + 1; j < d; ++j) u(i, j) = p[pos++];
  return u;
}

namespace {

// Per-row evaluation; with g != 0 it also accumulates the gradients (pointers may be null).
double mdn_row(const float* y, const float* logits, const float* means, const float* factors,
               Index k_count, Index d, double g, float* gy, float* glogits, float* gmeans,
               float* gfactors) {
  const Index fc = mdn_factor_count(d);
  double top = -INFINITY;
  for (Index k = 0; k < k_count; ++k) top = std::max(top, static_cast<double>(logits[k]));
  double z = 0;
  for (Index k = 0; k < k_count; ++k) z += std::exp(logits[k] - top);
  const double log_norm = top + std::log(z);
  // Component terms.
  double terms[256];
  double r[64], v[64];
  double best = -INFINITY;
  for (Index k = 0; k < k_count; ++k) {
    const float* m = means + k * d;
    const float* f = factors + k * fc;
    double t = logits[k] - log_norm;
    for (Index i = 0; i < d; ++i) r[i] = static_cast<double>(y[i]) - m[i];
    Index pos = d;
    double sq = 0;
    for (Index i = 0; i < d; ++i) {
      double vi = std::exp(static_cast<double>(f[i])) * r[i];
      for (Index j = i + 1; j < d; ++j) vi += f[pos++] * r[j];
      sq += vi * vi;
      t += f[i];
    }
    terms[k] = t - 0.5 * sq;
    best = std::max(best, terms[k]);
  }
  double s = 0;
  for (Index k = 0; k < k_count; ++k) s += std::exp(terms[k] - best);
  const double value = best + std::log(s) - 0.5 * static_cast<double>(d) * std::log(2 * std::numbers::pi);
  if (g == 0) return value;
  for (Index k = 0; k < k_count; ++k) {
    const double w = std::exp(terms[k] - best) / s;  // responsibility
    const double gw = g * w;
    if (glogits) glogits[k] += static_cast<float>(gw - g * std::exp(logits[k] - log_norm));
    if (!gy && !gmeans && !gfactors) continue;
    const float* m = means + k * d;
    const float* f = factors + k * fc;
    for (Index i = 0; i < d; ++i) r[i] = static_cast<double>(y[i]) - m[i];
    Index pos = d;
    for (Index i = 0; i < d; ++i) {
      v[i] = std::exp(static_cast<double>(f[i])) * r[i];
      for (Index j = i + 1; j < d; ++j) v[i] += f[pos++] * r[j];
    }
    // term = ... - ½‖v‖²:  v̄ = -gw v;  r̄_j = Σ_{i≤j} v̄_i U_ij;  Ū_ij = v̄_i r_j.
    double rbar[64] = {};
    pos = d;
    for (Index i = 0; i < d; ++i) {
      const double vbar = -gw * v[i];
      const double uii = std::exp(static_cast<double>(f[i]));
      rbar[i] += vbar * uii;
      if (gfactors) gfactors[k * fc + i] += static_cast<float>(gw + vbar * r[i] * uii);
      for (Index j = i + 1; j < d; ++j, ++pos) {
        rbar[j] += vbar * f[pos];
        if (gfactors) gfactors[k * fc + pos] += static_cast<float>(vbar * r[j]);
      }
    }
    for (Index i = 0; i < d; ++i) {
      if (gy) gy[i] += static_cast<float>(rbar[i]);
      if (gmeans) gmeans[k * d + i] -= static_cast<float>(rbar[i]);
    }
  }
  return value;
}

void mdn_backward(ad::Tape& t, const ad::Node& n) {
  const MapF y = ad::input_value(t, n, 0), lg = ad::input_value(t, n, 1),
             mu = ad::input_value(t, n, 2), f = ad::input_value(t, n, 3);
  MapF gy = ad::input_grad(t, n, 0), glg = ad::input_grad(t, n, 1), gmu = ad::input_grad(t, n, 2),
       gf = ad::input_grad(t, n, 3);
  const MapF g = ad::self_grad(n);
  const Index d = y.cols(), k = lg.cols();
  for (Index r = 0; r < y.rows(); ++r)
    mdn_row(&y(r, 0), &lg(r, 0), &mu(r, 0), &f(r, 0), k, d, g(r, 0),
            gy.data() ? &gy(r, 0) : nullptr, glg.data() ? &glg(r, 0) : nullptr,
            gmu.data() ? &gmu(r, 0) : nullptr, gf.data() ? &gf(r, 0) : nullptr);
}

}  // namespace

ad::Var mdn_log_prob(ad::Var y, ad::Var logits, ad::Var means, ad::Var factors) {
  const Index n = y.rows(), d = y.cols(), k = logits.cols();
  if (d < 1 || d > 64 || k < 1 || k > 256)
    throw ValueError("mdn_log_prob: supports 1..64 dimensions and 1..256 components, got " +
                     std::to_string(d) + " and " + std::to_string(k));
  require_shape("mdn_log_prob logits", logits.rows(), logits.cols(), n, k);
  require_shape("mdn_log_prob means", means.rows(), means.cols(), n, k * d);
  require_shape("mdn_log_prob factors", factors.rows(), factors.cols(), n, k * mdn_factor_count(d));
  ad::Tape& t = *y.tape();
  ad::Var out = t.record(n, 1, mdn_backward, {y, logits, means, factors});
  MapF yv = y.value(), lv = logits.value(), mv = means.value(), fv = factors.value(), ov = out.value();
  for (Index r = 0; r < n; ++r)
    ov(r, 0) = static_cast<float>(mdn_row(&yv(r, 0), &lv(r, 0), &mv(r, 0), &fv(r, 0), k, d, 0.0,
                                          nullptr, nullptr, nullptr, nullptr));
  return out;
}

}  // namespace sbi::flows
