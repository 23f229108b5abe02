// Rational-quadratic spline: the double reference (inverse, log-det, monotonicity, tails) and
// the batched tape op against it (values, inverse, gradients w.r.t. input and parameters), and
// the batched (vectorised) knots against the per-element ones.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/errors.hpp"
#include "core/gradcheck.hpp"
#include "core/ops.hpp"
#include "core/rng.hpp"
#include "flows/rq_spline.hpp"
#include "flows/rq_spline_knots.hpp"
#include "flows/rq_spline_op.hpp"

using namespace sbi;
using namespace sbi::flows;

namespace {

std::vector<double> random_params(Rng& rng, const SplineSettings& o, double scale) {
  std::vector<double> p(static_cast<std::size_t>(o.params_per_dim()));
  for (double& v : p) v = rng.normal(0, scale);
  return p;
}

}  // namespace

TEST_CASE("spline reference: inverse of forward, log-det by finite differences, monotone") {
  SplineSettings o;
  Rng rng(11, 0);
  for (double scale : {0.1, 1.0, 3.0}) {
    const auto p = random_params(rng, o, scale);
    const SplineKnots s = spline_knots(p, o);
    CHECK(s.x.front() == -3.0);
    CHECK(s.x.back() == 3.0);
    CHECK(s.d.front() == 1.0);
    CHECK(s.d.back() == 1.0);
    double previous = -INFINITY;
    for (double x = -4.0; x <= 4.0; x += 0.01) {
      const SplineValue f = rq_spline_forward_reference(x, s, o);
      CHECK(f.value > previous);  // strictly monotone
      previous = f.value;
      const SplineValue b = rq_spline_inverse_reference(f.value, s, o);
      CHECK(std::abs(b.value - x) < 1e-9);
      CHECK(std::abs(b.logdet + f.logdet) < 1e-9);
      if (std::abs(std::abs(x) - 3.0) > 1e-3) {
        const double h = 1e-6;
        const double fd = (rq_spline_forward_reference(x + h, s, o).value -
                           rq_spline_forward_reference(x - h, s, o).value) / (2 * h);
        CHECK(std::abs(std::log(fd) - f.logdet) < 1e-5);
      }
      if (std::abs(x) > 3.0) {
        CHECK(f.value == x);
        CHECK(f.logdet == 0.0);
      }
    }
    // Knots are interpolated exactly, and the map is continuous across them.
    for (std::size_t k = 0; k < s.x.size(); ++k)
      CHECK(std::abs(rq_spline_forward_reference(s.x[k], s, o).value - s.y[k]) < 1e-12);
  }
}

TEST_CASE("spline reference: minimum bin sizes and derivatives bound the slope") {
  SplineSettings o;
  std::vector<double> p(static_cast<std::size_t>(o.params_per_dim()), 0.0);
  p[0] = 60;   // one huge width, the others at the minimum
  p[10] = -60;  // one tiny height
  for (int k = 0; k < 9; ++k) p[20 + k] = -60;  // derivatives at their minimum
  const SplineKnots s = spline_knots(p, o);
  for (std::size_t k = 0; k + 1 < s.x.size(); ++k) {
    CHECK(s.x[k + 1] - s.x[k] >= 2 * 3.0 * o.min_bin_width * (1 - 1e-9));
    CHECK(s.y[k + 1] - s.y[k] >= 2 * 3.0 * o.min_bin_height * (1 - 1e-9));
  }
  for (double d : s.d) CHECK(d >= o.min_derivative);
  for (double x = -2.99; x < 3; x += 0.013) {
    const auto f = rq_spline_forward_reference(x, s, o);
    CHECK(std::isfinite(f.logdet));
    CHECK(std::abs(rq_spline_inverse_reference(f.value, s, o).value - x) < 1e-7);
  }
}

TEST_CASE("spline options are validated") {
  SplineSettings o;
  o.bins = 0;
  CHECK_THROWS_AS(o.validate(), ValueError);
  o = {};
  o.min_bin_width = 0.2;
  CHECK_THROWS_AS(o.validate(), ValueError);
  o = {};
  o.tail_bound = -1;
  CHECK_THROWS_AS(o.validate(), ValueError);
}

TEST_CASE("spline op: matches the reference, inverse of forward is identity to 1e-4") {
  SplineSettings o;
  const Index n = 300, dims = 3, per = o.params_per_dim();
  // sd 1: parameters as a trained network produces them. sd 3: extreme splines with slopes
  // down to e^-10, where float rounding of y alone moves x by ulp(y)/slope, so there the
  // round trip is checked in y-space (forward(inverse(y)) = y) instead.
  for (double sd : {1.0, 3.0}) {
    Rng rng(5, 1);
    MatrixF x(n, dims), params(n, dims * per);
    for (Index i = 0; i < n; ++i)
      for (Index j = 0; j < dims; ++j) x(i, j) = static_cast<float>(rng.uniform(-3.5, 3.5));
    for (Index i = 0; i < params.size(); ++i) params.data()[i] = static_cast<float>(rng.normal(0, sd));
    ad::Tape tape;
    ad::Var xv = tape.constant(x), pv = tape.constant(params);
    SplineVars out = rq_spline(xv, pv, o);
    MatrixF y = out.y.value();
    MatrixF logdet = out.logdet.value();
    for (Index i = 0; i < n; ++i) {
      double ld = 0;
      for (Index j = 0; j < dims; ++j) {
        std::vector<double> p(static_cast<std::size_t>(per));
        for (Index q = 0; q < per; ++q) p[static_cast<std::size_t>(q)] = params(i, j * per + q);
        const auto ref = rq_spline_forward_reference(x(i, j), spline_knots(p, o), o);
        CHECK(std::abs(y(i, j) - ref.value) < 1e-5);
        ld += ref.logdet;
      }
      CHECK(std::abs(logdet(i, 0) - ld) < 1e-4);
    }
    MatrixF back(n, dims), inv_ld(n, 1);
    rq_spline_inverse(y, params, o, back, inv_ld);
    if (sd == 1.0) {
      CHECK((back - x).cwiseAbs().maxCoeff() < 1e-4f);
      // log-det: its slope in x (up to ~10² in steep bins) times the x round-trip error.
      CHECK((inv_ld + logdet).cwiseAbs().maxCoeff() < 1e-3f);
    } else {
      ad::Tape t2;
      MatrixF again = rq_spline(t2.constant(back), t2.constant(params), o).y.value();
      CHECK((again - y).cwiseAbs().maxCoeff() < 1e-5f);
    }
  }
}

TEST_CASE("spline op: gradients w.r.t. input and unnormalised parameters") {
  for (double scale : {1.0, 0.3}) {
    SplineSettings o;
    o.bins = 4;
    o.scale = scale;
    const Index n = 4, dims = 2, per = o.params_per_dim();
    Rng rng(9, 2);
    MatrixF x(n, dims), params(n, dims * per);
    for (Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(rng.uniform(-2.8, 2.8));
    x(0, 0) = 3.6f;  // one input in the linear tail
    for (Index i = 0; i < params.size(); ++i) params.data()[i] = static_cast<float>(rng.normal(0, 1));
    auto f = [&](ad::Tape&, const std::vector<ad::Var>& in) {
      SplineVars s = rq_spline(in[0], in[1], o);
      return ad::concat_cols(s.y, s.logdet);
    };
    ad::GradCheckSettings go;
    go.step = 1e-3f;
    const auto report = ad::check_gradients(f, {x, params}, {}, go);
    INFO(report.detail);
    CHECK(report.passed);
  }
}

TEST_CASE("spline op: shape errors name the shapes") {
  ad::Tape tape;
  SplineSettings o;
  ad::Var x = tape.constant(MatrixF::Zero(2, 2));
  ad::Var p = tape.constant(MatrixF::Zero(2, 28));
  CHECK_THROWS_AS(rq_spline(x, p, o), ShapeError);
}

TEST_CASE("spline knots: the vectorised batch equals the per-element reference") {
  for (int bins : {1, 4, 10}) {
    SplineSettings o;
    o.bins = bins;
    o.scale = 1.0 / std::sqrt(50.0);
    Rng rng(11, static_cast<std::uint64_t>(bins));
    const Index elements = 37, per = o.params_per_dim();
    MatrixF params(elements, per);
    for (Index i = 0; i < params.size(); ++i) {
      // wide logits, including ones where exp(−|v|) underflows and log1p matters
      const double scale = i % 7 == 0 ? 60.0 : 3.0;
      params.data()[i] = static_cast<float>(rng.normal(0, scale));
    }
    std::vector<double> ew(elements * bins), eh(elements * bins), d(elements * std::max(bins - 1, 1)),
        top(elements);
    knot_exponentials(params.data(), elements, o, ew.data(), eh.data(), d.data(), top.data());
    Knots batched, reference;
    for (Index e = 0; e < elements; ++e) {
      make_knots_from(&ew[e * bins], &eh[e * bins], &d[e * (bins - 1)], o, batched);
      make_knots(&params(e, 0), o, reference);
      for (int k = 0; k <= bins; ++k) {
        CHECK(batched.x[k] == doctest::Approx(reference.x[k]).epsilon(1e-13));
        CHECK(batched.y[k] == doctest::Approx(reference.y[k]).epsilon(1e-13));
        // d ≥ m_d = 1e-3; log(1 + ε) against log1p(ε) differs by < 1e-16 absolute
        CHECK(std::abs(batched.d[k] - reference.d[k]) <= 1e-15 + 1e-13 * reference.d[k]);
      }
      for (int k = 0; k < bins; ++k) {
        CHECK(batched.sw[k] == doctest::Approx(reference.sw[k]).epsilon(1e-13));
        CHECK(batched.sh[k] == doctest::Approx(reference.sh[k]).epsilon(1e-13));
      }
    }
  }
}
