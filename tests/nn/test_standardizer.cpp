// Standardizer: fitted on the given rows only, minimum sd, tape forward = matrix transform,
// gradient, inverse.
#include <cmath>

#include "core/errors.hpp"
#include "nn/standardizer.hpp"
#include "nn_test_util.hpp"

using namespace sbi;
using namespace sbi::nn;

TEST_CASE("Standardizer fits mean and (n-1) sd on the training rows only") {
  MatrixD x(5, 2);
  x << 1, 7, 2, 7, 3, 7, 100, -5, 4, 7;
  const std::vector<std::int64_t> rows = {0, 1, 2, 4};  // row 3 is "validation"
  const Standardizer s = Standardizer::fit(x, rows);
  CHECK(s.mean()(0, 0) == doctest::Approx(2.5));
  CHECK(s.sd()(0, 0) == doctest::Approx(std::sqrt(5.0 / 3.0)));
  // Column 1 is constant on those rows: sd is clamped to min_sd.
  CHECK(s.mean()(0, 1) == doctest::Approx(7.0));
  CHECK(s.sd()(0, 1) == 1e-14);
  const Standardizer s2 = Standardizer::fit(x, rows, 0.5);
  CHECK(s2.sd()(0, 1) == 0.5);
  MatrixD bad = x;
  bad(2, 1) = NAN;
  CHECK_THROWS_AS(Standardizer::fit(bad), ValueError);
  CHECK_THROWS_AS(Standardizer::fit(x, rows, 0.0), ValueError);
}

TEST_CASE("Standardizer: tape forward, matrix transform and inverse agree") {
  Rng rng(41);
  MatrixD x(40, 3);
  for (Index i = 0; i < x.size(); ++i) x.data()[i] = rng.normal(5, 2);
  const Standardizer s = Standardizer::fit(x);
  const MatrixD z = s.transform(x);
  CHECK(z.colwise().mean().cwiseAbs().maxCoeff() < 1e-12);
  CHECK(((z.rowwise() - z.colwise().mean()).colwise().squaredNorm() / 39.0).array().sqrt().matrix()
            .isApprox(MatrixD::Ones(1, 3), 1e-10));
  CHECK(s.inverse(z).isApprox(x, 1e-12));
  const MatrixF xf = x.cast<float>();
  ad::Tape tape;
  ad::Var out = s.forward(tape, tape.constant(xf));
  CHECK((MatrixF(out.value()) - s.transform(xf)).cwiseAbs().maxCoeff() < 1e-5f);
  CHECK((s.inverse(s.transform(xf)) - xf).cwiseAbs().maxCoeff() < 1e-4f);
  sbi::test::require_gradients(
      [&](ad::Tape& t, const std::vector<ad::Var>& in) { return s.forward(t, in[0]); },
      {sbi::test::random_matrix(rng, 4, 3)}, {});
  CHECK_THROWS_AS(s.transform(MatrixD(MatrixD::Zero(2, 2))), ShapeError);
}
