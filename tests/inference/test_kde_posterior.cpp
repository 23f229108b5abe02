// The Gaussian-KDE posterior used to score ABC: moments, support and determinism.
#include <doctest/doctest.h>

#include <cmath>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "inference/kde_posterior.hpp"
#include "simulators/prior_box_uniform.hpp"
#include "simulators/prior_gaussian.hpp"

using namespace sbi;
using namespace sbi::inference;

namespace {
sim::PriorPtr prior2() { return std::make_shared<sim::BoxUniformPrior>(2, -100.0, 100.0); }
}  // namespace

TEST_CASE("KDE posterior: mean and variance of a smoothed standard normal sample") {
  // 1000 equally weighted atoms from N(0, I₂): Scott's h = 1000^(-1/6) ≈ 0.316, so draws have
  // covariance ≈ Σ_atoms·(1 + h²) ≈ 1.1·I.
  const Index n = 1000;
  MatrixD atoms(n, 2);
  Rng rng(7);
  for (Index i = 0; i < n; ++i) atoms.row(i) << rng.normal(), rng.normal();
  auto prior = std::make_shared<sim::BoxUniformPrior>(2, -100.0, 100.0);
  const KdePosterior kde(atoms, VectorD::Ones(n), prior, "test", KdeBandwidth::scott);
  CHECK(kde.bandwidth() == doctest::Approx(std::pow(1000.0, -1.0 / 6.0)));
  const MatrixD draws = kde.sample(40000, 3);
  const RowVectorD mean = draws.colwise().mean();
  const RowVectorD atom_mean = atoms.colwise().mean();
  const double h2 = kde.bandwidth() * kde.bandwidth();
  for (Index d = 0; d < 2; ++d) {
    const double atom_var = (atoms.col(d).array() - atom_mean(d)).square().mean();
    const double var = (draws.col(d).array() - mean(d)).square().mean();
    // Standard errors with 40k draws: mean ≈ 0.005, variance ≈ 0.008; 5 of each.
    CHECK(std::abs(mean(d) - atom_mean(d)) < 0.03);
    CHECK(var == doctest::Approx(atom_var * (1 + h2)).epsilon(0.04));
  }
}

TEST_CASE("KDE posterior: draws stay in the prior's support and do not depend on threads") {
  MatrixD atoms(3, 1);
  atoms << 0.99, 0.98, -0.99;  // near the edges of U(-1, 1): the kernel would leave the box
  auto prior = std::make_shared<sim::BoxUniformPrior>(1, -1.0, 1.0);
  const KdePosterior kde(atoms, VectorD::Ones(3), prior, "edges");
  const MatrixD a = kde.sample(5000, 11);
  CHECK(a.minCoeff() >= -1.0);
  CHECK(a.maxCoeff() <= 1.0);
  MatrixD b;
  {
    ThreadCountGuard one(1);
    b = kde.sample(5000, 11);
  }
  CHECK(a == b);
  CHECK_THROWS_AS(KdePosterior(atoms, VectorD::Ones(2), prior, "bad"), ShapeError);
  CHECK_THROWS_AS(KdePosterior(atoms, -VectorD::Ones(3), prior, "bad"), ValueError);
}

TEST_CASE("KDE posterior: cross-validated bandwidth resolves two narrow modes that Scott's rule blurs") {
  // 1-D atoms: 100 at −5 and 100 at +5, each with sd 0.1. The atoms' sd is ≈ 5, so Scott's
  // kernel sd is 5·200^(−1/5) ≈ 1.7 (ten times the modes' width); the held-out likelihood is
  // maximal for a kernel sd of the order of the within-mode spread, h·5 ≲ 0.2.
  const Index n = 200;
  MatrixD atoms(n, 1);
  Rng rng(3);
  for (Index i = 0; i < n; ++i) atoms(i, 0) = (i % 2 == 0 ? -5.0 : 5.0) + 0.1 * rng.normal();
  auto prior = std::make_shared<sim::BoxUniformPrior>(1, -100.0, 100.0);
  const KdePosterior scott(atoms, VectorD::Ones(n), prior, "scott", KdeBandwidth::scott);
  const KdePosterior cv(atoms, VectorD::Ones(n), prior, "cv");
  CHECK(scott.bandwidth() == doctest::Approx(std::pow(200.0, -0.2)));
  MESSAGE("bandwidth factor: Scott " << scott.bandwidth() << ", cross-validated " << cv.bandwidth());
  CHECK(cv.bandwidth() * 5.0 < 0.2);
  CHECK(cv.bandwidth() * 5.0 > 0.02);
  // Draws stay within 1 (10 mode widths) of a mode under the cross-validated kernel.
  const MatrixD draws = cv.sample(5000, 4);
  CHECK(((draws.array().abs() - 5.0).abs() < 1.0).all());

  // Gaussian atoms: cross-validation lands near Scott's rule (within a factor of 2).
  MatrixD gauss(1000, 2);
  for (Index i = 0; i < 1000; ++i) gauss.row(i) << rng.normal(), rng.normal();
  const KdePosterior g_cv(gauss, VectorD::Ones(1000), prior2(), "gauss");
  const double scott_h = std::pow(1000.0, -1.0 / 6.0);
  CHECK(g_cv.bandwidth() > 0.5 * scott_h);
  CHECK(g_cv.bandwidth() < 2.0 * scott_h);

  // Above 2,000 atoms the search runs on a strided subset and is rescaled to n: still near
  // Scott's rule for Gaussian atoms.
  MatrixD many(5000, 2);
  for (Index i = 0; i < 5000; ++i) many.row(i) << rng.normal(), rng.normal();
  const double h_many = cross_validated_bandwidth(many, VectorD::Constant(5000, 1.0 / 5000), MatrixD::Identity(2, 2));
  const double scott_many = std::pow(5000.0, -1.0 / 6.0);
  CHECK(h_many > 0.5 * scott_many);
  CHECK(h_many < 2.0 * scott_many);
}

TEST_CASE("KDE posterior: the isotropic kernel is round where the covariance kernel follows the atoms") {
  // Two tight clusters (sd 0.05) at x = ±3 on the line y = 0: the atoms' covariance is long in
  // x (var ≈ 9) and thin in y (var ≈ 0.0025). With Scott's factor h = 200^(−1/6) ≈ 0.41 the
  // covariance kernel has sd ≈ 1.24 along x and ≈ 0.02 along y; the isotropic kernel uses
  // s² = (9 + 0.0025)/2 in both directions, sd ≈ 0.87 each. Measured on the draws' offsets
  // from their cluster centre (the kernel dominates the 0.05 cluster spread).
  const Index n = 200;
  MatrixD atoms(n, 2);
  Rng rng(5);
  for (Index i = 0; i < n; ++i) atoms.row(i) << (i % 2 == 0 ? -3.0 : 3.0) + 0.05 * rng.normal(), 0.05 * rng.normal();
  const KdePosterior full(atoms, VectorD::Ones(n), prior2(), "full", KdeBandwidth::scott, KdeKernel::covariance);
  const KdePosterior round(atoms, VectorD::Ones(n), prior2(), "round", KdeBandwidth::scott, KdeKernel::isotropic);
  auto offset_sd = [](const MatrixD& draws, Index col) {
    VectorD off = draws.col(col);
    if (col == 0) off = off.array() - off.array().sign() * 3.0;  // distance from the nearer centre
    return std::sqrt(off.array().square().mean());
  };
  const MatrixD d_full = full.sample(20000, 1), d_round = round.sample(20000, 1);
  const double h = std::pow(200.0, -1.0 / 6.0);
  // The draws' x offsets fold the kernel's tails into the other cluster's side, so x is only
  // checked as "wide"; y is a clean Gaussian: sd within 3% (20,000 draws: se ≈ 0.5%).
  CHECK(offset_sd(d_full, 1) == doctest::Approx(h * 0.05).epsilon(0.10));
  CHECK(offset_sd(d_round, 1) == doctest::Approx(h * std::sqrt(4.5)).epsilon(0.03));
  CHECK(offset_sd(d_full, 0) > 0.8);
  CHECK(offset_sd(d_round, 0) < 1.2 * offset_sd(d_round, 1));
}
