// The paired distances ACE regresses on, checked against values worked out by hand, and
// rebuilt from the name and parameters a model file stores.
#include <doctest/doctest.h>

#include <cmath>

#include "core/errors.hpp"
#include "inference/pair_distance.hpp"

using namespace sbi;
using namespace sbi::inference;

TEST_CASE("trial energy distance: hand-computed values, symmetry and zero for equal sets") {
  const PairDistance d = trial_energy_pair_distance(2);
  // Trial sets A = {0, 2} and B = {1, 1} (1-D trials): E|A-B| = 1, E|A-A'| = 1, E|B-B'| = 0,
  // so D = 2·1 - 1 - 0 = 1.
  MatrixD x(1, 2), t(1, 2);
  x << 0, 2;
  t << 1, 1;
  CHECK(d(x, t)(0) == doctest::Approx(1.0));
  CHECK(d(t, x)(0) == doctest::Approx(1.0));
  // A set against a permutation of itself: 0.
  MatrixD p(1, 2);
  p << 2, 0;
  CHECK(d(x, p)(0) == doctest::Approx(0.0).epsilon(1e-12));
  // One trial of k values: D = 2‖x - t‖.
  const PairDistance one = trial_energy_pair_distance(1);
  MatrixD a(1, 2), b(1, 2);
  a << 0, 0;
  b << 3, 4;
  CHECK(one(a, b)(0) == doctest::Approx(10.0));
  // Values that do not split into trials are an error naming the problem.
  MatrixD odd(1, 3);
  odd.setZero();
  CHECK_THROWS_AS(d(odd, odd), ShapeError);
}

TEST_CASE("trial MMD: equal sets give 0, disjoint far sets give about 2/T-weighted self terms") {
  const PairDistance d = trial_mmd_pair_distance(2, 1.0);
  MatrixD x(1, 2), t(1, 2);
  x << 0, 0;
  t << 100, 100;
  // k(a,a') = 1 within each set, k(a,b) = 0 across: MMD² = 1 + 1 - 0 = 2.
  CHECK(d(x, t)(0) == doctest::Approx(2.0));
  CHECK(d(x, x)(0) == doctest::Approx(0.0));
}

TEST_CASE("a distance rebuilt from its name and stored parameters computes the same values") {
  RowVectorD sd(3);
  sd << 0.5, 2.0, 4.0;
  const PairDistance d = mae_zscored_pair_distance(sd);
  CHECK(d.parameters == sd);
  MatrixD x(2, 3), t(2, 3);
  x << 1, 2, 3, 0, 0, 0;
  t << 0, 0, 0, 1, 4, 8;
  // Row 0: (1/0.5 + 2/2 + 3/4) / 3 = 3.75 / 3; row 1: (2 + 2 + 2) / 3 = 2.
  CHECK(d(x, t)(0) == doctest::Approx(1.25));
  CHECK(d(x, t)(1) == doctest::Approx(2.0));
  const PairDistance rebuilt = pair_distance_from_parameters("mae_zscored", d.parameters);
  CHECK(rebuilt.name == "mae_zscored");
  CHECK(rebuilt(x, t) == d(x, t));
  CHECK(pair_distance_from_parameters("mse", RowVectorD()).name == "mse");
  CHECK(mse_pair_distance().parameters.size() == 0);
  // Refused by name: parameters that mse does not take, a distance without stored form, and
  // scales that are empty or not finite.
  CHECK_THROWS_AS(pair_distance_from_parameters("mse", sd), ValueError);
  CHECK_THROWS_AS(pair_distance_from_parameters("trial_energy", RowVectorD()), ValueError);
  CHECK_THROWS_AS(pair_distance_from_parameters("mae_zscored", RowVectorD()), ValueError);
  RowVectorD bad = sd;
  bad(1) = std::nan("");
  CHECK_THROWS_AS(mae_zscored_pair_distance(bad), ValueError);
}

// Distances that are a mean of per-value terms expose the terms (ACE's per-term outputs learn
// them one by one); their row means are the distance.
TEST_CASE("mse and mae_zscored terms average to the distance; trial distances have none") {
  RowVectorD sd(3);
  sd << 0.5, 2.0, 4.0;
  MatrixD x(2, 3), t(2, 3);
  x << 1, 2, 3, 0, 0, 0;
  t << 0, 0, 0, 1, 4, 8;
  for (const PairDistance& d : {mse_pair_distance(), mae_zscored_pair_distance(sd)}) {
    REQUIRE(d.terms);
    MatrixD terms(2, 3);
    d.terms(x, t, terms);
    CHECK((terms.rowwise().mean() - d(x, t)).cwiseAbs().maxCoeff() < 1e-12);
  }
  MatrixD terms(2, 3);
  mae_zscored_pair_distance(sd).terms(x, t, terms);
  CHECK(terms(0, 0) == doctest::Approx(2.0));   // |1 - 0| / 0.5
  CHECK(terms(1, 2) == doctest::Approx(2.0));   // |0 - 8| / 4
  mse_pair_distance().terms(x, t, terms);
  CHECK(terms(1, 1) == doctest::Approx(16.0));  // (0 - 4)²
  CHECK_FALSE(trial_energy_pair_distance(1).terms);
  CHECK_FALSE(trial_mmd_pair_distance(1, 0.5).terms);
}

