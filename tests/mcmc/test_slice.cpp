// Vectorised slice sampler: moments of a 10-D correlated Gaussian and a banana, R̂, batching.
#include <doctest/doctest.h>

#include "mcmc/diagnostics.hpp"
#include "mcmc/slice.hpp"
#include "mcmc/slice_reference.hpp"
#include "targets.hpp"

using namespace sbi;
using namespace sbi::mcmc;

TEST_CASE("slice sampler recovers the moments of a 10-D correlated Gaussian") {
  // Coordinate-wise updates mix slowly under strong correlation; ρ = 0.5 keeps the test fast.
  const test::CorrelatedGaussian target(10, 0.5);
  McmcRunSettings opt;
  opt.num_chains = 20;
  opt.num_samples = 20 * 1000;
  opt.warmup_steps = 100;
  opt.thin = 1;
  opt.seed = 11;
  const MatrixD init = MatrixD::Zero(opt.num_chains, 10);
  const McmcResult r = slice_sample(target.density(), init, opt);
  CHECK(r.num_draws == 1000);
  for (Index i = 0; i < 10; ++i) {
    test::check_expectation(r, [i](const double* t) { return t[i]; }, target.mu[i], "mean");
    for (Index j = i; j < 10; j += 3)
      test::check_expectation(
          r, [&, i, j](const double* t) { return (t[i] - target.mu[i]) * (t[j] - target.mu[j]); },
          target.cov(i, j), "covariance");
  }
  const Diagnostics diag = diagnose(r);
  CHECK(diag.max_rhat < 1.01);
  // Tuned widths are of the order of the conditional scale (a few conditional sd).
  CHECK(r.step_size.rows() == 20);
  CHECK(r.step_size.cols() == 10);
  // Every density call is batched: on average far more than one row per call.
  CHECK(static_cast<double>(r.density_rows) / r.density_calls > 5.0);
}

TEST_CASE("slice sampler recovers the moments of a banana") {
  const test::Banana banana;
  McmcRunSettings opt;
  opt.num_chains = 40;
  opt.num_samples = 40 * 2000;
  opt.warmup_steps = 100;
  opt.thin = 1;
  opt.seed = 3;
  const McmcResult r = slice_sample(banana.density(), MatrixD::Zero(40, 2), opt);
  test::check_expectation(r, [](const double* t) { return t[0]; }, 0.0, "E theta1");
  test::check_expectation(r, [](const double* t) { return t[1]; }, 0.0, "E theta2");
  test::check_expectation(r, [](const double* t) { return t[0] * t[0]; }, 1.0, "Var theta1");
  test::check_expectation(r, [](const double* t) { return t[1] * t[1]; }, 3.0, "Var theta2");
  test::check_expectation(r, [](const double* t) { return t[0] * t[0] * t[1]; }, 2.0,
                          "E theta1^2 theta2");
  CHECK(diagnose(r).max_rhat < 1.01);
}

TEST_CASE("slice sampler: same seed gives the same chains, another seed other chains") {
  const test::CorrelatedGaussian target(3);
  McmcRunSettings opt;
  opt.num_chains = 4;
  opt.num_samples = 40;
  opt.warmup_steps = 10;
  opt.thin = 1;
  opt.seed = 5;
  const MatrixD init = MatrixD::Zero(4, 3);
  const McmcResult a = slice_sample(target.density(), init, opt);
  const McmcResult b = slice_sample(target.density(), init, opt);
  CHECK(a.draws == b.draws);
  opt.seed = 6;
  const McmcResult c = slice_sample(target.density(), init, opt);
  CHECK(a.draws != c.draws);
}

TEST_CASE("vectorised slice sampler matches the plain per-chain reference bit for bit") {
  const test::Banana banana;
  const test::CorrelatedGaussian gauss(4, 0.6);
  const LogDensity targets[] = {banana.density(), gauss.density()};
  for (const LogDensity& target : targets) {
    McmcRunSettings opt;
    opt.num_chains = 5;
    opt.num_samples = 5 * 60;
    opt.warmup_steps = 30;
    opt.thin = 2;
    opt.seed = 77;
    SliceSettings slice;
    slice.max_step_out = 4;  // small m so the J/K split is exercised
    MatrixD init(5, target.dim);
    for (Index c = 0; c < 5; ++c)
      for (Index d = 0; d < target.dim; ++d) init(c, d) = 0.1 * static_cast<double>(c - d);
    const McmcResult r = slice_sample(target, init, opt, slice);
    for (Index c = 0; c < 5; ++c) {
      RowVectorD width;
      const MatrixD ref = slice_sample_reference_chain(target, init.row(c), opt, slice, c, &width);
      CHECK(ref == r.chain(c));
      CHECK(width == r.step_size.row(c));
    }
  }
}
