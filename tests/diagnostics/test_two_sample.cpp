// C2ST and MMD: identical distributions score near chance / zero, clearly different ones do
// not; the reference-file comparison uses the sbibm two_moons posterior when present.
#include <doctest/doctest.h>

#include <cmath>

#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/rng.hpp"
#include "diagnostics/c2st.hpp"
#include "diagnostics/mmd.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::diagnostics;

namespace {
MatrixD gaussian(Index n, Index d, double shift, std::uint64_t seed) {
  MatrixD m(n, d);
  for (Index i = 0; i < n; ++i) {
    Rng rng(seed, static_cast<std::uint64_t>(i));
    for (Index j = 0; j < d; ++j) m(i, j) = rng.normal() + (j == 0 ? shift : 0.0);
  }
  return m;
}
}  // namespace

TEST_CASE("C2ST is near 0.5 for samples of one distribution and high for shifted ones") {
  const Index n = 1000;
  const MatrixD a = gaussian(n, 2, 0.0, 1), b = gaussian(n, 2, 0.0, 2), c = gaussian(n, 2, 2.0, 3);
  const double same = c2st(a, b), different = c2st(a, c);
  // Under H0 the held-out accuracy over 2n = 2000 labels has sd ≈ √(0.25/2000) ≈ 0.011; a flexible
  // classifier overfits a little, so allow 0.5 ± 0.05.
  CHECK(std::abs(same - 0.5) < 0.05);
  // Two unit Gaussians 2 sd apart: the Bayes classifier's accuracy is Φ(1) ≈ 0.841.
  CHECK(different > 0.80);
  CHECK(different < 0.88);
  // The stronger classifier (validation-loss stopping, best weights) obeys the same bounds.
  C2stSettings strong;
  strong.stopping = C2stStopping::validation_loss;
  CHECK(std::abs(c2st(a, b, strong) - 0.5) < 0.05);
  const double strong_different = c2st(a, c, strong);
  CHECK(strong_different > 0.80);
  CHECK(strong_different < 0.88);
  CHECK_THROWS_AS(c2st(a, gaussian(n, 3, 0, 4)), ShapeError);
}

TEST_CASE("unbiased MMD: zero in expectation for equal distributions, positive otherwise") {
  const MatrixD a = gaussian(800, 2, 0.0, 5), b = gaussian(800, 2, 0.0, 6), c = gaussian(800, 2, 1.0, 7);
  const double same = mmd(a, b), different = mmd(a, c);
  CHECK(std::abs(same) < 0.01);
  CHECK(different > 0.05);
  // Bandwidth: the median distance between two independent 2-D standard normals is
  // √2·median of a χ₂ = √2·√(2 ln 2) ≈ 1.665.
  CHECK(median_pairwise_distance(a) == doctest::Approx(1.665).epsilon(0.05));
  CHECK_THROWS_AS(mmd_squared_unbiased(a, b, 0.0), ValueError);
}

TEST_CASE("C2ST between two halves of the sbibm two_moons reference posterior is near 0.5") {
  const std::string file = "sbibm/two_moons/num_observation_1/reference_posterior_samples.csv";
  if (!test::have_data(file)) return;
  const MatrixD ref = read_csv_matrix((test::data_dir() / file).string());
  const double score = c2st(ref.topRows(2000), ref.middleRows(5000, 2000));
  CHECK(std::abs(score - 0.5) < 0.05);
}
