// Calibration diagnostics with known answers: the exact gaussian_linear posterior
// N(0.5·x_o, 0.05·I) (prior N(0, 0.1·I), x ~ N(θ, 0.1·I)) must pass SBC and lie on the coverage
// diagonal; the same posterior with its sd halved (overconfident) must fail both. Plus the
// p-value functions, NLTP, posterior-mean error and NRMSE against closed forms.
#include <doctest/doctest.h>

#include <cmath>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "diagnostics/calibration.hpp"
#include "diagnostics/point_metrics.hpp"
#include "simulators/tasks.hpp"

using namespace sbi;
using namespace sbi::diagnostics;

namespace {

// The gaussian_linear posterior with its sd multiplied by `sd_factor` (1: exact).
PosteriorBuilder gaussian_linear_posterior(double sd_factor) {
  return [sd_factor](const RowVectorD& x_o) {
    const RowVectorD mean = 0.5 * x_o;
    const double sd = std::sqrt(0.05) * sd_factor;
    CalibrationPosterior q;
    q.sample = [mean, sd](Index n, std::uint64_t seed) {
      MatrixD draws(n, mean.size());
      for (Index i = 0; i < n; ++i) {
        Rng rng(seed, static_cast<std::uint64_t>(i));
        for (Index d = 0; d < mean.size(); ++d) draws(i, d) = mean(d) + sd * rng.normal();
      }
      return draws;
    };
    q.log_prob = [mean, sd](const MatrixD& theta) {
      const double dim = double(mean.size());
      VectorD lp(theta.rows());
      for (Index i = 0; i < theta.rows(); ++i)
        lp(i) = -0.5 * ((theta.row(i) - mean) / sd).squaredNorm() - dim * std::log(sd) -
                0.5 * dim * std::log(2 * M_PI);
      return lp;
    };
    return q;
  };
}

struct Pairs {
  MatrixD theta, x;
};
Pairs gaussian_linear_pairs(Index n, std::uint64_t seed) {
  const sim::Task task = sim::make_task("gaussian_linear");
  Pairs p;
  p.theta = task.sample_prior(n, derive_seed(seed, 1));
  p.x = task.simulate(p.theta, derive_seed(seed, 2));
  return p;
}

constexpr Index kPairs = 300, kDraws = 99;

}  // namespace

TEST_CASE("chi-square and Kolmogorov tail probabilities match closed forms") {
  // Two degrees of freedom: Q(1, x/2) = exp(-x/2).
  CHECK(chi_square_pvalue(3.0, 2.0) == doctest::Approx(std::exp(-1.5)).epsilon(1e-12));
  CHECK(chi_square_pvalue(0.0, 5.0) == 1.0);
  // The 5% and 1% critical values of the Kolmogorov distribution are 1.3581 and 1.6276.
  CHECK(kolmogorov_tail(1.3581) == doctest::Approx(0.05).epsilon(1e-3));
  CHECK(kolmogorov_tail(1.6276) == doctest::Approx(0.01).epsilon(1e-3));
  CHECK_THROWS_AS(rank_uniformity(VectorD::Constant(3, 7.0), 5), ValueError);
  CHECK_THROWS_AS(rank_uniformity(VectorD::Constant(3, 1.5), 5), ValueError);
}

TEST_CASE("rank uniformity: perfectly even ranks give chi-square 0, piled-up ranks are rejected") {
  const Index N = 9;
  VectorD even(100), piled = VectorD::Zero(100);
  for (Index i = 0; i < 100; ++i) even(i) = double(i % (N + 1));
  const UniformityTest ok = rank_uniformity(even, N, 10);
  CHECK(ok.chi_square == doctest::Approx(0.0));
  CHECK(ok.chi_square_pvalue == doctest::Approx(1.0));
  CHECK(ok.ks_statistic < 1e-12);
  const UniformityTest bad = rank_uniformity(piled, N, 10);
  // All 100 in bin 0 of 10: χ² = (100-10)²/10 + 9·10 = 900.
  CHECK(bad.chi_square == doctest::Approx(900.0));
  CHECK(bad.chi_square_pvalue < 1e-100);
  CHECK(bad.ks_statistic == doctest::Approx(0.9));
}

TEST_CASE("SBC and expected coverage accept the exact gaussian_linear posterior") {
  const Pairs pairs = gaussian_linear_pairs(kPairs, 11);
  CalibrationSettings options;
  options.num_posterior_samples = kDraws;
  options.seed = 12;
  const CalibrationResult hpd = calibrate(pairs.theta, pairs.x, gaussian_linear_posterior(1.0), options);
  REQUIRE(hpd.uniformity.size() == 10);
  CHECK(hpd.ranks.rows() == kPairs);
  CHECK(hpd.coverage_from_log_prob);
  // 10 dimensions × 2 tests; family-wise level 0.001 by Bonferroni.
  const double level = 0.001 / 20;
  CHECK(hpd.min_chi_square_pvalue() > level);
  CHECK(hpd.min_ks_pvalue() > level);
  // Coverage: binomial sd √(α(1-α)/L) ≤ 0.5/√L, 4 sd, plus ½/(N+1) discretisation. The
  // marginal curve averages 10 independent dimensions, which only lowers its noise.
  const double tolerance = 4 * 0.5 / std::sqrt(double(kPairs)) + 0.5 / double(kDraws + 1);
  CHECK(hpd.coverage.max_deviation < tolerance);
  options.use_log_prob = false;
  const CalibrationResult marginal = calibrate(pairs.theta, pairs.x, gaussian_linear_posterior(1.0), options);
  CHECK_FALSE(marginal.coverage_from_log_prob);
  CHECK(marginal.ranks == hpd.ranks);
  CHECK(marginal.coverage.max_deviation < tolerance);

  // NLTP of the exact posterior: E[-log q(θ*)] = (D/2)·log(2π·0.05) + D/2 with D = 10; the
  // per-pair value is that plus (χ²₁₀ - 10)/2, sd √20/2 = 2.24.
  const double expected = 5 * std::log(2 * M_PI * 0.05) + 5;
  CHECK(std::abs(nltp(hpd.log_prob_truth) - expected) < 4 * 2.24 / std::sqrt(double(kPairs)));
}

TEST_CASE("SBC and expected coverage reject an overconfident posterior (sd halved)") {
  const Pairs pairs = gaussian_linear_pairs(kPairs, 21);
  CalibrationSettings options;
  options.num_posterior_samples = kDraws;
  options.seed = 22;
  const CalibrationResult hpd = calibrate(pairs.theta, pairs.x, gaussian_linear_posterior(0.5), options);
  CHECK(hpd.min_chi_square_pvalue() < 1e-6);
  CHECK(hpd.min_ks_pvalue() < 1e-6);
  // Every dimension fails: (θ* - mean)/sd_q has sd 2, so ranks pile up at both ends.
  for (const auto& t : hpd.uniformity) CHECK(t.chi_square_pvalue < 1e-6);
  // Under-coverage: at α = 0.5 the marginal central interval holds θ* with probability
  // P(|N(0,1)| < 0.674/2) ≈ 0.264, far below 0.5 - 4 sd.
  options.use_log_prob = false;
  const CalibrationResult marginal = calibrate(pairs.theta, pairs.x, gaussian_linear_posterior(0.5), options);
  const Index half = 9;  // α = 10/20
  REQUIRE(marginal.coverage.levels(half) == doctest::Approx(0.5));
  CHECK(marginal.coverage.coverage(half) == doctest::Approx(0.264).epsilon(0.15));
  CHECK(marginal.coverage.signed_area < -0.1);
  CHECK(hpd.coverage.coverage(half) < 0.5 - 4 * 0.5 / std::sqrt(double(kPairs)));
  CHECK(hpd.coverage.signed_area < -0.1);
}

TEST_CASE("calibration results do not depend on the thread count") {
  const Pairs pairs = gaussian_linear_pairs(40, 31);
  CalibrationSettings options;
  options.num_posterior_samples = 19;
  CalibrationResult one, two;
  {
    ThreadCountGuard g(1);
    one = calibrate(pairs.theta, pairs.x, gaussian_linear_posterior(1.0), options);
  }
  {
    ThreadCountGuard g(2);
    two = calibrate(pairs.theta, pairs.x, gaussian_linear_posterior(1.0), options);
  }
  CHECK(one.ranks == two.ranks);
  CHECK(one.coverage.coverage == two.coverage.coverage);
}

TEST_CASE("calibrate checks its inputs and skips non-finite simulations") {
  Pairs pairs = gaussian_linear_pairs(30, 41);
  CHECK_THROWS_AS(calibrate(pairs.theta, pairs.x.topRows(29), gaussian_linear_posterior(1.0)), ShapeError);
  CHECK_THROWS_AS(calibrate(pairs.theta, pairs.x, PosteriorBuilder{}), ValueError);
  pairs.x(3, 0) = NAN;
  const CalibrationResult r = calibrate(pairs.theta, pairs.x, gaussian_linear_posterior(1.0));
  CHECK(r.skipped_nonfinite == 1);
  CHECK(r.ranks.rows() == 29);
}

TEST_CASE("posterior-mean error and NRMSE against closed forms") {
  // Reference columns alternate ±1: mean 0, unbiased sd √(n/(n-1)).
  const Index n = 100;
  MatrixD ref(n, 2);
  for (Index i = 0; i < n; ++i) ref(i, 0) = ref(i, 1) = (i % 2 == 0) ? 1.0 : -1.0;
  MatrixD approx = ref;
  approx.col(0).array() += 0.5;
  approx.col(1).array() -= 0.25;
  const double sd = std::sqrt(double(n) / double(n - 1));
  CHECK(posterior_mean_error(ref, approx) == doctest::Approx((0.5 - 0.25) / sd / 2));
  CHECK(nrmse(ref, approx) == doctest::Approx(std::sqrt((0.25 + 0.0625) / 2) / sd));
  CHECK(nrmse(ref, ref) == doctest::Approx(0.0));
  CHECK_THROWS_AS(nrmse(ref, approx.leftCols(1)), ShapeError);
  CHECK_THROWS_AS(nrmse(MatrixD::Ones(10, 2), approx), ValueError);
  CHECK(nltp(VectorD::Constant(2, -1.5)) == doctest::Approx(1.5));
}
