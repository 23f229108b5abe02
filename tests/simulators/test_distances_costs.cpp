// ACE distances against plain formulas, and exact expected costs against Monte-Carlo means of
// the distance over simulations (5 standard errors).
#include <doctest/doctest.h>

#include <cmath>

#include "core/errors.hpp"
#include "moment_checks.hpp"
#include "simulators/distances.hpp"
#include "simulators/task.hpp"

using namespace sbi;
using namespace sbi::sim;

TEST_CASE("mse and z-scored mae on hand-computed values") {
  MatrixD x(2, 2);
  x << 1, 2, 0, 0;
  RowVectorD xo(2);
  xo << 0, 0;
  const VectorD d = mse_distance(x, xo);
  CHECK(d[0] == doctest::Approx(2.5));
  CHECK(d[1] == 0.0);
  RowVectorD sd(2);
  sd << 0.5, 2.0;
  CHECK(mae_zscored_distance(x, xo, sd)[0] == doctest::Approx((2.0 + 1.0) / 2));
  CHECK_THROWS_AS(mae_zscored_distance(x, xo, RowVectorD::Zero(2)), ValueError);
  CHECK_THROWS_AS(mse_distance(x, RowVectorD::Zero(3)), ShapeError);
}

TEST_CASE("trial MMD equals the plain triple-loop biased MMD² with the product kernel") {
  Rng rng(1, 0);
  MatrixD x(4, 10);
  for (Index i = 0; i < x.size(); ++i) x.data()[i] = rng.normal(0, 3);
  const RowVectorD xo = x.row(3);
  const VectorD d = trial_mmd_distance(x, xo, 5, 0.01);
  for (Index r = 0; r < 4; ++r) {
    auto k = [](const double* a, const double* b) {
      double v = 1.0;
      for (int j = 0; j < 2; ++j) v *= std::exp(-0.01 * (a[j] - b[j]) * (a[j] - b[j]));
      return v;
    };
    double kxx = 0, kyy = 0, kxy = 0;
    for (int i = 0; i < 5; ++i)
      for (int j = 0; j < 5; ++j) {
        kxx += k(&x(r, 2 * i), &x(r, 2 * j));
        kyy += k(&xo[2 * i], &xo[2 * j]);
        kxy += k(&x(r, 2 * i), &xo[2 * j]);
      }
    CHECK(d[r] == doctest::Approx((kxx + kyy - 2 * kxy) / 25.0).epsilon(1e-12));
    const MatrixD a = Eigen::Map<const MatrixD>(x.row(r).data(), 5, 2);
    const MatrixD b = Eigen::Map<const MatrixD>(xo.data(), 5, 2);
    CHECK(mmd_squared_biased(a, b, 0.01) == doctest::Approx(d[r]).epsilon(1e-12));
  }
  CHECK(std::abs(d[3]) < 1e-15);  // a set against itself
  CHECK(d[0] >= 0);
}

TEST_CASE("energy score: one sample is the Euclidean distance; two samples by hand") {
  MatrixD s(1, 2);
  s << 3, 4;
  CHECK(energy_score(s, RowVectorD::Zero(2)) == doctest::Approx(5.0));
  MatrixD s2(2, 1);
  s2 << 0, 2;
  RowVectorD y(1);
  y << 1;
  // E|X - y| = 1, E|X - X'| over all 4 ordered pairs = (0 + 2 + 2 + 0)/4 = 1 → 1 - 0.5.
  CHECK(energy_score(s2, y) == doctest::Approx(0.5));
}

TEST_CASE("exact costs equal the Monte-Carlo mean distance") {
  for (const char* name : {"uniform_1d", "linear_gaussian", "two_moons"}) {
    const Task t = make_task(name);
    REQUIRE(t.has_exact_cost());
    REQUIRE(t.has_distance());
    const MatrixD thetas = t.sample_prior(4, 21);
    const MatrixD obs = t.simulate(t.sample_prior(1, 22), 23);
    const VectorD cost = t.evaluate_exact_cost(thetas, obs.row(0));
    for (Index i = 0; i < thetas.rows(); ++i) {
      const MatrixD x = t.simulate(thetas.row(i).replicate(20000, 1), 24 + i);
      const VectorD d = t.evaluate_distance(x, obs.row(0));
      test::check_mean(d, cost[i], std::string(name) + " expected cost");
    }
  }
}
