// Conditional density estimators (MAF, NSF coupling, NSF autoregressive, MDN): inverse of
// forward, normalisation by quadrature, sampling consistent with log_prob, gradients w.r.t.
// parameters, y and context, model-file round trip and thread-count invariance.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/errors.hpp"
#include "core/gradcheck.hpp"
#include "core/ops.hpp"
#include "core/parallel.hpp"
#include "flows/density_estimator.hpp"
#include "flows/flow.hpp"
#include "flows/training.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::flows;

namespace {

EstimatorSettings small_config(const std::string& kind, Index y_dim, Index context_dim) {
  EstimatorSettings c = config_for_kind(kind, y_dim, context_dim, 3);
  c.kind = kind;
  c.transforms = 3;
  c.hidden = 16;
  c.components = 4;
  return c;
}

// ∫ q(y | c) dy over [-L, L]^D by the midpoint rule (D = 1 or 2).
double integrate(ConditionalDensityEstimator& e, const MatrixF& context, double half_width,
                 Index points) {
  const Index d = e.y_dim();
  const double h = 2 * half_width / static_cast<double>(points);
  const Index total = d == 1 ? points : points * points;
  MatrixF grid(total, d);
  for (Index i = 0; i < total; ++i) {
    grid(i, 0) = static_cast<float>(-half_width + h * (static_cast<double>(i % points) + 0.5));
    if (d == 2) grid(i, 1) = static_cast<float>(-half_width + h * (static_cast<double>(i / points) + 0.5));
  }
  const VectorF lp = e.log_prob(grid, context);
  double s = 0;
  for (Index i = 0; i < total; ++i) s += std::exp(static_cast<double>(lp(i)));
  return s * std::pow(h, static_cast<double>(d));
}

const char* kKinds[] = {"maf", "nsf", "nsf_ar", "mdn"};

// Finite-difference check of d log q(y | ctx) / d(parameters, y, context) on the tape.
ad::GradCheckReport check_log_prob_gradients(ConditionalDensityEstimator& est, const MatrixF& y,
                                             const MatrixF& ctx) {
  auto params = est.parameters();
  nn::zero_grad(params);
  auto f = [&](ad::Tape& tape, const std::vector<ad::Var>& in) { return est.log_prob(tape, in[0], in[1]); };
  ad::GradCheckSettings go;
  go.step = 1e-3f;
  go.rtol = 3e-2;
  go.atol = 3e-3;
  return ad::check_gradients(f, {y, ctx}, nn::gradcheck_refs(params), go);
}

}  // namespace

TEST_CASE("flows: inverse of forward is the identity to 1e-4") {
  for (const char* kind : {"maf", "nsf", "nsf_ar"}) {
    for (Index d : {1, 3}) {
      INFO(std::string(kind) << " D=" << d);
      auto est = build_estimator(small_config(kind, d, 2));
      auto& flow = dynamic_cast<Flow&>(*est);
      Rng rng(4, 0);
      MatrixF z(200, d), feats(200, 2);
      for (Index i = 0; i < z.size(); ++i) z.data()[i] = static_cast<float>(rng.normal(0, 1.5));
      for (Index i = 0; i < feats.size(); ++i) feats.data()[i] = static_cast<float>(rng.normal());
      const MatrixF y = flow.inverse_standardized(z, feats);
      CHECK((flow.forward_standardized(y, feats) - z).cwiseAbs().maxCoeff() < 1e-4f);
    }
  }
}

TEST_CASE("estimators integrate to one in 1-D and 2-D (untrained and after training)") {
  for (const char* kind : kKinds) {
    for (Index d : {1, 2}) {
      INFO(std::string(kind) << " D=" << d);
      auto est = build_estimator(small_config(kind, d, 1));
      MatrixF ctx(1, 1);
      ctx << 0.7f;
      // Midpoint rule: error ≈ h²/24 ∫|q''| (h ≈ 0.06 in 2-D) plus the mass outside ±20.
      const double untrained = integrate(*est, ctx, 20.0, d == 1 ? 6000 : 650);
      CHECK(std::abs(untrained - 1.0) < 3e-3);
      // A little training on a skewed conditional target, then integrate again.
      Rng rng(5, 0);
      const Index n = 400;
      MatrixF y(n, d), c(n, 1);
      for (Index i = 0; i < n; ++i) {
        c(i, 0) = static_cast<float>(rng.uniform(-1, 1));
        for (Index j = 0; j < d; ++j) y(i, j) = static_cast<float>(2 + c(i, 0) + rng.exponential(1.0) * 0.5);
      }
      nn::TrainSettings opt;
      opt.max_epochs = 5;
      opt.progress = false;
      opt.adam.learning_rate = 3e-3;
      fit_estimator(*est, y, c, opt);
      const double trained = integrate(*est, ctx, 14.0, d == 1 ? 6000 : 400);
      CHECK(std::abs(trained - 1.0) < 5e-3);
    }
  }
}

TEST_CASE("samples agree with log_prob: E_q[log q] by Monte Carlo vs quadrature") {
  for (const char* kind : kKinds) {
    INFO(std::string(kind));
    auto est = build_estimator(small_config(kind, 2, 1));
    MatrixF ctx(1, 1);
    ctx << -0.4f;
    // Quadrature of ∫ q log q and of the mean of y_0.
    const Index points = 300;
    const double half = 12, h = 2 * half / points;
    MatrixF grid(points * points, 2);
    for (Index i = 0; i < grid.rows(); ++i) {
      grid(i, 0) = static_cast<float>(-half + h * (i % points + 0.5));
      grid(i, 1) = static_cast<float>(-half + h * (i / points + 0.5));
    }
    const VectorF lp = est->log_prob(grid, ctx);
    double neg_entropy = 0, mean0 = 0;
    for (Index i = 0; i < grid.rows(); ++i) {
      const double q = std::exp(static_cast<double>(lp(i))) * h * h;
      neg_entropy += q * lp(i);
      mean0 += q * grid(i, 0);
    }
    const Index n = 20000;
    const MatrixF s = est->sample(n, ctx, 17);
    const VectorF ls = est->log_prob(s, ctx);
    const double mc = ls.cast<double>().mean();
    const double sd = std::sqrt((ls.cast<double>().array() - mc).square().sum() / (n - 1));
    CHECK(std::abs(mc - neg_entropy) < 5 * sd / std::sqrt(double(n)) + 1e-3);
    const double m0 = s.col(0).cast<double>().mean();
    const double sd0 = std::sqrt((s.col(0).cast<double>().array() - m0).square().sum() / (n - 1));
    CHECK(std::abs(m0 - mean0) < 5 * sd0 / std::sqrt(double(n)) + 1e-3);
  }
}

TEST_CASE("gradients of log_prob w.r.t. parameters, y and context") {
  for (const char* kind : kKinds) {
    INFO(std::string(kind));
    EstimatorSettings c = small_config(kind, 2, 2);
    c.transforms = 2;
    c.hidden = 5;
    c.bins = 3;
    c.components = 2;
    c.blocks = 1;
    auto est = build_estimator(c);
    Rng rng(12, 0);
    MatrixF y(3, 2), ctx(3, 2);
    for (Index i = 0; i < y.size(); ++i) y.data()[i] = static_cast<float>(rng.normal());
    for (Index i = 0; i < ctx.size(); ++i) ctx.data()[i] = static_cast<float>(rng.normal());
    // Non-trivial standardizers so that their chain rule is covered too.
    MatrixF fit_y = MatrixF::Random(10, 2) * 2.f, fit_c = MatrixF::Random(10, 2) * 3.f;
    est->fit_standardizers(fit_y, fit_c);
    const auto report = check_log_prob_gradients(*est, y, ctx);
    INFO(report.detail);
    CHECK(report.passed);
    // log_prob_gradients agrees with the tape's gradients (same computation, no parameters).
    const auto g = est->log_prob_gradients(y, ctx);
    CHECK(g.dy.rows() == 3);
    CHECK(g.dcontext.cols() == 2);
    const float h = 1e-2f;
    MatrixF yp = y, ym = y;
    yp(1, 0) += h;
    ym(1, 0) -= h;
    const double fd = (est->log_prob(yp, ctx)(1) - est->log_prob(ym, ctx)(1)) / (2 * h);
    CHECK(std::abs(fd - g.dy(1, 0)) < 2e-2 * (1 + std::abs(fd)));
    MatrixF cp = ctx, cm = ctx;
    cp(2, 1) += h;
    cm(2, 1) -= h;
    const double fdc = (est->log_prob(y, cp)(2) - est->log_prob(y, cm)(2)) / (2 * h);
    CHECK(std::abs(fdc - g.dcontext(2, 1)) < 2e-2 * (1 + std::abs(fdc)));
  }
}

TEST_CASE("save and load give identical log_prob; one context row broadcasts") {
  for (const char* kind : kKinds) {
    INFO(std::string(kind));
    EstimatorSettings c = small_config(kind, 2, 3);
    c.embedding_out = 4;
    c.embedding_hidden = 8;
    auto est = build_estimator(c);
    Rng rng(2, 0);
    MatrixF y(50, 2), ctx(50, 3);
    for (Index i = 0; i < y.size(); ++i) y.data()[i] = static_cast<float>(rng.normal());
    for (Index i = 0; i < ctx.size(); ++i) ctx.data()[i] = static_cast<float>(rng.normal());
    est->fit_standardizers(y * 2.f, ctx * 0.5f);
    const std::string path = (test::scratch_dir() / (std::string("est_") + kind + ".sbim")).string();
    est->save(path);
    auto loaded = load_estimator(path);
    CHECK(loaded->config().kind == kind);
    CHECK(est->log_prob(y, ctx) == loaded->log_prob(y, ctx));
    CHECK(est->sample(5, ctx.topRows(1), 1) == loaded->sample(5, ctx.topRows(1), 1));
    // A single context row repeated over all y rows.
    const VectorF one = est->log_prob(y, ctx.topRows(1));
    MatrixF repeated = ctx.topRows(1).replicate(50, 1);
    CHECK((one - est->log_prob(y, repeated)).cwiseAbs().maxCoeff() < 1e-6f);
  }
}

TEST_CASE("unconditional estimators; bad shapes are named") {
  for (const char* kind : kKinds) {
    INFO(std::string(kind));
    auto est = build_estimator(small_config(kind, 2, 0));
    const MatrixF s = est->sample(10, MatrixF(1, 0), 3);
    CHECK(s.rows() == 10);
    CHECK(est->log_prob(s, MatrixF()).allFinite());
    CHECK(std::abs(integrate(*est, MatrixF(), 20.0, 650) - 1.0) < 3e-3);
  }
  auto est = build_estimator(small_config("maf", 2, 3));
  CHECK_THROWS_AS(est->log_prob(MatrixF::Zero(4, 3), MatrixF::Zero(4, 3)), ShapeError);
  CHECK_THROWS_AS(est->log_prob(MatrixF::Zero(4, 2), MatrixF::Zero(3, 3)), ShapeError);
  CHECK_THROWS_AS(build_estimator(small_config("flowy", 2, 0)), ValueError);
}

TEST_CASE("sampling and log_prob do not depend on the thread count") {
  auto est = build_estimator(small_config("nsf", 2, 2));
  MatrixF ctx = MatrixF::Random(3, 2);
  MatrixF s1, s2;
  VectorF l1, l2;
  {
    ThreadCountGuard g(1);
    s1 = est->sample_batched(400, ctx, 9);
    l1 = est->log_prob(s1, ctx.row(0));
  }
  {
    ThreadCountGuard g(2);
    s2 = est->sample_batched(400, ctx, 9);
    l2 = est->log_prob(s2, ctx.row(0));
  }
  CHECK(s1 == s2);
  CHECK(l1 == l2);
}

TEST_CASE("training gives the same weights with 1 and 2 threads") {
  Rng rng(8, 0);
  MatrixF y(600, 2), c(600, 1);
  for (Index i = 0; i < 600; ++i) {
    c(i, 0) = static_cast<float>(rng.normal());
    y(i, 0) = static_cast<float>(rng.normal(c(i, 0), 0.5));
    y(i, 1) = static_cast<float>(rng.normal(-c(i, 0), 0.3));
  }
  nn::TrainSettings opt;
  opt.max_epochs = 2;
  opt.progress = false;
  VectorF results[2];
  for (int threads : {1, 2}) {
    ThreadCountGuard g(threads);
    auto est = build_estimator(small_config("maf", 2, 1));
    fit_estimator(*est, y, c, opt);
    results[threads - 1] = est->log_prob(y.topRows(50), c.topRows(50));
  }
  CHECK(results[0] == results[1]);
}

TEST_CASE("spline_scale none (zuko's raw spline logits): normalised, exact gradients, model-file round trip") {
  for (const char* kind : {"nsf", "nsf_ar"}) {
    INFO(std::string(kind));
    EstimatorSettings scaled = small_config(kind, 2, 1);
    EstimatorSettings raw = scaled;
    raw.spline_scale = "none";
    auto a = build_estimator(scaled), b = build_estimator(raw);
    MatrixF ctx(1, 1);
    ctx << 0.3f;
    MatrixF y(4, 2);
    y << -1.f, 0.5f, 0.2f, -0.3f, 1.5f, 1.f, -2.f, 2.f;
    // Same weights (same seed), larger spline logits: a different density ...
    CHECK((a->log_prob(y, ctx) - b->log_prob(y, ctx)).cwiseAbs().maxCoeff() > 1e-4f);
    // ... that still integrates to one (midpoint rule as above).
    CHECK(std::abs(integrate(*b, ctx, 20.0, 650) - 1.0) < 3e-3);
    // Gradients w.r.t. every parameter by finite differences.
    EstimatorSettings tiny = raw;
    tiny.transforms = 2;
    tiny.hidden = 5;
    tiny.bins = 3;
    tiny.blocks = 1;
    auto t = build_estimator(tiny);
    const auto report = check_log_prob_gradients(*t, y.topRows(3), MatrixF::Constant(3, 1, -0.6f));
    INFO(report.detail);
    CHECK(report.passed);
    // The setting is stored in the model file and rebuilt on load.
    const std::string path = (test::scratch_dir() / (std::string("raw_spline_") + kind + ".sbim")).string();
    b->save(path);
    auto loaded = load_estimator(path);
    CHECK(loaded->config().spline_scale == "none");
    CHECK(b->log_prob(y, ctx) == loaded->log_prob(y, ctx));
  }
}
