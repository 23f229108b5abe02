// The Dormand–Prince 5(4) integrator against closed-form solutions, SIR conservation, and
// failure reporting (NaN output instead of an exception).
#include <doctest/doctest.h>

#include <cmath>

#include "core/errors.hpp"
#include "simulators/ode_dopri5.hpp"
#include "simulators/ode_models.hpp"
#include "simulators/task.hpp"

using namespace sbi;
using namespace sbi::sim;

TEST_CASE("exponential growth y' = λy matches y0·e^{λt} to the tolerance") {
  const double lambda = 0.7;
  std::vector<double> times;
  for (int i = 0; i <= 20; ++i) times.push_back(0.5 * i);
  OdeSettings o;
  o.rtol = 1e-10;
  o.atol = 1e-12;
  const OdeResult r = solve_dopri5([&](double, const double* y, double* dy) { dy[0] = lambda * y[0]; }, {2.0}, times, o);
  REQUIRE(r.ok);
  for (std::size_t i = 0; i < times.size(); ++i) {
    const double exact = 2.0 * std::exp(lambda * times[i]);
    CHECK(std::abs(r.y(i, 0) - exact) <= 1e-8 * exact);
  }
  CHECK(r.steps > 0);
}

TEST_CASE("harmonic oscillator keeps its phase and energy") {
  const double w = 2.0;
  std::vector<double> times;
  for (int i = 0; i <= 50; ++i) times.push_back(0.4 * i);
  const OdeResult r = solve_dopri5([&](double, const double* y, double* dy) {
    dy[0] = y[1];
    dy[1] = -w * w * y[0];
  }, {1.0, 0.0}, times);
  REQUIRE(r.ok);
  for (std::size_t i = 0; i < times.size(); ++i) {
    CHECK(std::abs(r.y(i, 0) - std::cos(w * times[i])) < 1e-6);
    CHECK(std::abs(r.y(i, 1) + w * std::sin(w * times[i])) < 2e-6);
  }
}

TEST_CASE("looser tolerance gives a larger error and fewer steps (error control works)") {
  auto f = [](double, const double* y, double* dy) { dy[0] = y[1]; dy[1] = -y[0]; };
  OdeSettings loose, tight;
  loose.rtol = loose.atol = 1e-4;
  tight.rtol = tight.atol = 1e-10;
  const OdeResult a = solve_dopri5(f, {1.0, 0.0}, {0.0, 30.0}, loose);
  const OdeResult b = solve_dopri5(f, {1.0, 0.0}, {0.0, 30.0}, tight);
  REQUIRE(a.ok);
  REQUIRE(b.ok);
  CHECK(a.steps < b.steps);
  const double ea = std::abs(a.y(1, 0) - std::cos(30.0)), eb = std::abs(b.y(1, 0) - std::cos(30.0));
  CHECK(eb < ea);
  CHECK(eb < 1e-8);
  CHECK(ea < 1e-2);
}

TEST_CASE("SIR conserves S + I + R = N and stays non-negative") {
  std::vector<double> days;
  for (int d = 0; d <= 160; ++d) days.push_back(d);
  for (auto [beta, gamma] : {std::pair{0.4, 0.125}, std::pair{1.5, 0.1}, std::pair{0.1, 0.3}}) {
    const OdeResult r = solve_sir(beta, gamma, days);
    REQUIRE(r.ok);
    for (Index i = 0; i < r.y.rows(); ++i) {
      CHECK(std::abs(r.y.row(i).sum() - kSirPopulation) < 1e-6 * kSirPopulation);
      CHECK(r.y(i, 0) > -1e-3);
      CHECK(r.y(i, 1) > -1e-3);
    }
    // R is non-decreasing.
    for (Index i = 1; i < r.y.rows(); ++i) CHECK(r.y(i, 2) >= r.y(i - 1, 2) - 1e-6);
  }
}

TEST_CASE("a blow-up is reported as a failure and the simulator returns NaN") {
  // y' = y², y(0) = 1 has y = 1/(1 - t): it blows up at t = 1.
  const OdeResult r = solve_dopri5([](double, const double* y, double* dy) { dy[0] = y[0] * y[0]; }, {1.0}, {0.0, 0.5, 2.0});
  CHECK_FALSE(r.ok);
  CHECK_FALSE(r.message.empty());
  CHECK(r.y(1, 0) == doctest::Approx(2.0).epsilon(1e-6));
  CHECK(std::isnan(r.y(2, 0)));
  // A Lotka–Volterra θ so extreme that the solve fails gives an all-NaN x.
  const Task lv = make_task("lotka_volterra");
  MatrixD theta(1, 4);
  theta << 1e6, 1e-12, 1e-12, 1e6;
  const MatrixD x = lv.simulate(theta, 1);
  CHECK(x.array().isNaN().all());
}

TEST_CASE("bad arguments to the solver throw") {
  auto f = [](double, const double* y, double* dy) { dy[0] = y[0]; };
  CHECK_THROWS_AS(solve_dopri5(f, {1.0}, {1.0, 0.5}), ValueError);
  CHECK_THROWS_AS(solve_dopri5(f, {}, {0.0, 1.0}), ValueError);
}
