// Gradients used by HMC/NUTS against central finite differences (the analytic targets and the
// change of variables to unconstrained space), and sampling a truncated density on a box
// through the logit transform.
#include <doctest/doctest.h>
#include <string>

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <memory>

#include "core/errors.hpp"
#include "mcmc/bijection.hpp"
#include "mcmc/sample.hpp"
#include "targets.hpp"

using namespace sbi;
using namespace sbi::mcmc;

namespace {

// max |analytic − central difference| relative to max(1, |gradient|) over the rows of theta.
double gradient_error(const LogDensity& d, const MatrixD& theta) {
  MatrixD grad;
  const VectorD logp = evaluate_with_gradient(d, theta, grad);
  const VectorD v0 = evaluate(d, theta);
  CHECK((logp - v0).cwiseAbs().maxCoeff() < 1e-10);
  double worst = 0.0;
  const double h = 1e-5;
  for (Index j = 0; j < theta.cols(); ++j) {
    MatrixD plus = theta, minus = theta;
    plus.col(j).array() += h;
    minus.col(j).array() -= h;
    const VectorD fp = evaluate(d, plus), fm = evaluate(d, minus);
    for (Index i = 0; i < theta.rows(); ++i) {
      const double fd = (fp[i] - fm[i]) / (2 * h);
      worst = std::max(worst, std::abs(fd - grad(i, j)) / std::max(1.0, std::abs(grad(i, j))));
    }
  }
  return worst;
}

MatrixD random_points(Index n, Index dim, double scale, std::uint64_t seed) {
  Rng rng(seed, 0);
  MatrixD m(n, dim);
  for (Index i = 0; i < n; ++i)
    for (Index d = 0; d < dim; ++d) m(i, d) = scale * rng.normal();
  return m;
}

// N(0.8, 1) on [0, 1]^1 in θ-space, -∞ outside; analytic gradient inside.
LogDensity truncated_normal_density() {
  LogDensity d;
  d.dim = 1;
  d.value_and_grad = [](ConstRowsD theta, ValuesD logp, RowsD grad) {
    for (Index i = 0; i < theta.rows(); ++i) {
      const double t = theta(i, 0);
      const bool inside = t > 0 && t < 1;
      logp[i] = inside ? -0.5 * (t - 0.8) * (t - 0.8) : -INFINITY;
      grad(i, 0) = inside ? -(t - 0.8) : 0.0;
    }
  };
  d.value = [f = d.value_and_grad](ConstRowsD theta, ValuesD logp) {
    MatrixD g(theta.rows(), theta.cols());
    f(theta, logp, g);
  };
  return d;
}

}  // namespace

TEST_CASE("analytic gradients of the test targets match finite differences") {
  CHECK(gradient_error(test::CorrelatedGaussian(10).density(), random_points(5, 10, 1.0, 1)) <
        1e-6);
  CHECK(gradient_error(test::Banana().density(), random_points(5, 2, 1.5, 2)) < 1e-6);
}

TEST_CASE("box-logit bijection: round trip, log-det and pulled-back gradient") {
  VectorD lo(3), hi(3);
  lo << -1.0, 0.0, 2.0;
  hi << 1.0, 5.0, 2.5;
  auto box = std::make_shared<BoxLogitBijection>(lo, hi);
  const MatrixD z = random_points(6, 3, 2.0, 3);
  const MatrixD theta = box->from_unconstrained(z);
  for (Index d = 0; d < 3; ++d) {
    CHECK(theta.col(d).minCoeff() > lo[d]);
    CHECK(theta.col(d).maxCoeff() < hi[d]);
  }
  CHECK((box->to_unconstrained(theta) - z).cwiseAbs().maxCoeff() < 1e-9);
  // log|det J| against the finite-difference derivative of each coordinate.
  const VectorD logdet = box->log_abs_det_jacobian(z);
  for (Index i = 0; i < z.rows(); ++i) {
    double expected = 0.0;
    for (Index d = 0; d < 3; ++d) {
      MatrixD zp = z.row(i), zm = z.row(i);
      zp(0, d) += 1e-6;
      zm(0, d) -= 1e-6;
      expected += std::log((box->from_unconstrained(zp)(0, d) -
                            box->from_unconstrained(zm)(0, d)) / 2e-6);
    }
    CHECK(logdet[i] == doctest::Approx(expected).epsilon(1e-6));
  }
  // Gradient of log p(f(z)) + log|det J| for a Gaussian in θ-space.
  test::CorrelatedGaussian g(3);
  const LogDensity zd = unconstrained_density(g.density(), box);
  CHECK(zd.has_gradient());
  CHECK(gradient_error(zd, z) < 1e-6);
  CHECK_THROWS_AS(box->to_unconstrained(MatrixD::Constant(1, 3, 1.5)), ValueError);
  CHECK_THROWS_AS(BoxLogitBijection(hi, lo), ValueError);
}

TEST_CASE("sampling through the logit transform recovers a truncated normal on [0, 1]") {
  // Truncated N(0.8, 1) on [0, 1]: E = μ + (φ(α) − φ(β))/Z, Var = 1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)².
  const boost::math::normal_distribution<double> n01;
  const double a = -0.8, b = 0.2;
  const double z = boost::math::cdf(n01, b) - boost::math::cdf(n01, a);
  const double pa = boost::math::pdf(n01, a), pb = boost::math::pdf(n01, b);
  const double mean = 0.8 + (pa - pb) / z;
  const double var = 1 + (a * pa - b * pb) / z - std::pow((pa - pb) / z, 2);
  auto box = std::make_shared<BoxLogitBijection>(VectorD::Zero(1), VectorD::Ones(1));
  const PriorSampler uniform = [](Index n, Rng& rng) {
    MatrixD m(n, 1);
    for (Index i = 0; i < n; ++i) m(i, 0) = rng.uniform_open();
    return m;
  };
  for (const char* name : {"slice", "nuts", "mh"}) {
    SamplerSettings config;
    config.mcmc.sampler = parse_sampler(name);
    config.mcmc.num_chains = 20;
    config.mcmc.num_samples = 20 * 3000;
    config.mcmc.warmup_steps = 200;
    config.mcmc.thin = 1;
    config.mcmc.seed = 31;
    config.mcmc.init_candidates = 1000;
    const McmcResult r = sample_constrained(truncated_normal_density(), box, uniform, config);
    INFO(std::string(name));
    CHECK(r.draws.minCoeff() > 0.0);
    CHECK(r.draws.maxCoeff() < 1.0);
    test::check_expectation(r, [](const double* t) { return t[0]; }, mean, "mean");
    test::check_expectation(r, [mean](const double* t) { return (t[0] - mean) * (t[0] - mean); },
                            var, "variance");
    CHECK(diagnose(r).max_rhat < 1.01);
  }
}
