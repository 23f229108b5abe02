// Moments of each simulator at fixed θ against analytic values (5 Monte-Carlo standard errors).
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "moment_checks.hpp"
#include "simulators/bernoulli_glm_design.hpp"
#include "simulators/ode_models.hpp"
#include "simulators/task.hpp"

using namespace sbi;
using namespace sbi::sim;

namespace {
MatrixD repeat(const RowVectorD& theta, Index n) { return theta.replicate(n, 1); }
constexpr Index kN = 20000;
}  // namespace

TEST_CASE("gaussian_linear and gaussian_linear_uniform: x ~ N(θ, 0.1·I)") {
  for (const char* name : {"gaussian_linear", "gaussian_linear_uniform"}) {
    const Task t = make_task(name);
    RowVectorD theta = RowVectorD::LinSpaced(10, -0.9, 0.9);
    const MatrixD x = t.simulate(repeat(theta, kN), 5);
    for (Index d = 0; d < 10; ++d) {
      test::check_mean(x.col(d), theta[d], std::string(name) + " mean");
      test::check_variance(x.col(d), 0.1, std::string(name) + " variance");
    }
  }
}

TEST_CASE("slcp: 4 iid draws of N(m, Σ) flattened draw-major") {
  const Task t = make_task("slcp");
  RowVectorD theta(5);
  theta << 0.5, -1.0, 0.8, -1.2, 0.3;
  const double s1 = 0.64, s2 = 1.44, rho = std::tanh(0.3);
  const MatrixD x = t.simulate(repeat(theta, kN), 6);
  for (int k = 0; k < 4; ++k) {
    test::check_mean(x.col(2 * k), 0.5, "slcp a");
    test::check_mean(x.col(2 * k + 1), -1.0, "slcp b");
    test::check_variance(x.col(2 * k), s1 * s1 + 1e-6, "slcp var a");
    test::check_variance(x.col(2 * k + 1), s2 * s2 + 1e-6, "slcp var b");
    const VectorD prod = (x.col(2 * k).array() - 0.5) * (x.col(2 * k + 1).array() + 1.0);
    test::check_mean(prod, rho * s1 * s2, "slcp covariance");
  }
}

TEST_CASE("gaussian_mixture: mean θ, variance 0.5·1 + 0.5·0.01") {
  const Task t = make_task("gaussian_mixture");
  RowVectorD theta(2);
  theta << 2.0, -3.0;
  const MatrixD x = t.simulate(repeat(theta, kN), 7);
  for (Index d = 0; d < 2; ++d) {
    test::check_mean(x.col(d), theta[d], "gm mean");
    test::check_variance(x.col(d), 0.505, "gm variance");
  }
  // The component is shared by both dimensions: E[(x1-θ1)²(x2-θ2)²] = 0.5·1 + 0.5·1e-4.
  const VectorD prod = (x.col(0).array() - 2.0).square() * (x.col(1).array() + 3.0).square();
  test::check_mean(prod, 0.5 + 0.5 * 1e-4, "gm shared component");
}

TEST_CASE("two_moons: radius N(0.1, 0.01²) and angle U(-π/2, π/2) around the shifted centre") {
  const Task t = make_task("two_moons");
  RowVectorD theta(2);
  theta << 0.3, -0.6;
  const MatrixD x = t.simulate(repeat(theta, kN), 8);
  const double g0 = -std::abs(theta[0] + theta[1]) / std::sqrt(2.0), g1 = (theta[1] - theta[0]) / std::sqrt(2.0);
  VectorD radius(kN), angle(kN);
  for (Index i = 0; i < kN; ++i) {
    const double p0 = x(i, 0) - g0 - 0.25, p1 = x(i, 1) - g1;
    radius[i] = std::hypot(p0, p1);
    angle[i] = std::atan2(p1, p0);
  }
  test::check_mean(radius, 0.1, "radius mean");
  test::check_variance(radius, 1e-4, "radius variance");
  test::check_mean(angle, 0.0, "angle mean");
  test::check_variance(angle, std::numbers::pi * std::numbers::pi / 12.0, "angle variance");
  CHECK(angle.cwiseAbs().maxCoeff() <= std::numbers::pi / 2);
}

TEST_CASE("uniform_1d: mean f(θ), variance 0.5²/12") {
  const Task t = make_task("uniform_1d");
  for (double th : {-1.2, 0.0, 0.9}) {
    const double u = 0.8 * (th + 0.25);
    const double f = 0.1627 + 0.9073 * u - 1.2197 * u * u - 1.4639 * u * u * u + 1.4381 * u * u * u * u;
    const MatrixD x = t.simulate(MatrixD::Constant(kN, 1, th), 9);
    test::check_mean(x.col(0), f, "uniform_1d mean");
    test::check_variance(x.col(0), 0.25 / 12.0, "uniform_1d variance");
    CHECK(x.col(0).maxCoeff() <= f + 0.25);
    CHECK(x.col(0).minCoeff() >= f - 0.25);
  }
}

TEST_CASE("gaussian_mixture_trials: each trial has mean θ and variance 0.505") {
  const Task t = make_task("gaussian_mixture_trials");
  RowVectorD theta(2);
  theta << -4.0, 1.5;
  const MatrixD x = t.simulate(repeat(theta, kN), 10);
  for (Index k = 0; k < 5; ++k)
    for (Index d = 0; d < 2; ++d) {
      test::check_mean(x.col(2 * k + d), theta[d], "trial mean");
      test::check_variance(x.col(2 * k + d), 0.505, "trial variance");
    }
}

TEST_CASE("ornstein_uhlenbeck: low fidelity N(μ, σ²); high fidelity Euler–Maruyama moments") {
  const Task lf = make_task("ornstein_uhlenbeck_lf");
  RowVectorD theta(2);
  theta << 1.5, 0.4;
  const MatrixD xl = lf.simulate(repeat(theta, kN), 11);
  for (Index k = 0; k < 10; ++k) {
    test::check_mean(xl.col(k), 1.5, "lf mean");
    test::check_variance(xl.col(k), 0.16, "lf variance");
  }
  for (bool four : {false, true}) {
    const Task hf = make_task(four ? "ornstein_uhlenbeck_4d" : "ornstein_uhlenbeck");
    RowVectorD th(four ? 4 : 2);
    if (four) th << 1.5, 0.4, 0.8, 1.0; else th << 1.5, 0.4;
    const double gamma = four ? 0.8 : 0.5, offset = four ? 1.0 : 3.0;
    const MatrixD x = hf.simulate(repeat(th, kN), 12);
    const double a = 1.0 - gamma * 0.1;
    for (Index k = 0; k < 10; ++k) {
      const double ak = std::pow(a, 10.0 * k);
      double noise = 0.0;
      for (int j = 0; j < 10 * k; ++j) noise += std::pow(a, 2.0 * j);
      test::check_mean(x.col(k), 1.5 + ak * offset, "hf mean");
      test::check_variance(x.col(k), ak * ak + 0.16 * 0.1 * noise, "hf variance");
    }
  }
}

TEST_CASE("bernoulli_glm: summaries have mean Xᵀp with p = σ(Xθ)") {
  const Task t = make_task("bernoulli_glm");
  RowVectorD theta(10);
  theta << -0.5, 1.0, 0.5, -0.3, 0.2, 0.0, 0.1, -0.2, 0.3, 0.1;
  const MatrixD& X = bernoulli_glm_design_matrix();
  const VectorD psi = X * theta.transpose();
  const VectorD p = (1.0 / (1.0 + (-psi.array()).exp())).matrix();
  const VectorD expected = X.transpose() * p;
  const MatrixD x = t.simulate(repeat(theta, kN), 13);
  for (Index d = 0; d < 10; ++d) test::check_mean(x.col(d), expected[d], "glm summary " + std::to_string(d));
  test::check_variance(x.col(0), (p.array() * (1 - p.array())).sum(), "glm spike count variance");
  const Task raw = make_task("bernoulli_glm_raw");
  const MatrixD y = raw.simulate(repeat(theta, kN), 13);
  for (Index s = 0; s < 100; s += 11) test::check_mean(y.col(s), p[s], "raw spike probability");
}

TEST_CASE("sir: binomial counts with mean 1000·I/N") {
  const Task t = make_task("sir");
  RowVectorD theta(2);
  theta << 0.4, 0.125;
  std::vector<double> days;
  for (int k = 0; k < 10; ++k) days.push_back(17.0 * k);
  const OdeResult r = solve_sir(0.4, 0.125, days);
  REQUIRE(r.ok);
  const MatrixD x = t.simulate(repeat(theta, 5000), 14);  // ODE solves: fewer draws
  for (int k = 0; k < 10; ++k) {
    const double p = r.y(k, 1) / kSirPopulation;
    if (p * 1000 < 1e-3) continue;
    test::check_mean(x.col(k), 1000 * p, "sir mean");
    test::check_variance(x.col(k), 1000 * p * (1 - p), "sir variance");
  }
}

TEST_CASE("lotka_volterra: log x ~ N(log u, 0.1²)") {
  const Task t = make_task("lotka_volterra");
  RowVectorD theta(4);
  theta << 0.9, 0.05, 0.9, 0.05;
  std::vector<double> times;
  for (int k = 0; k < 10; ++k) times.push_back(2.1 * k);
  const OdeResult r = solve_lotka_volterra(theta.data(), times);
  REQUIRE(r.ok);
  const MatrixD x = t.simulate(repeat(theta, 5000), 15);  // ODE solves: fewer draws
  for (int s = 0; s < 2; ++s)
    for (int k = 0; k < 10; ++k) {
      const VectorD lx = x.col(s * 10 + k).array().log();
      test::check_mean(lx, std::log(std::clamp(r.y(k, s), 1e-10, 1e4)), "lv log mean");
      test::check_variance(lx, 0.01, "lv log variance");
    }
}
