// Metropolis, HMC and NUTS: moments of a correlated Gaussian and of a banana, R̂, and the
// number of batched density calls (one per step / leapfrog step, whatever the chain count).
#include <doctest/doctest.h>

#include "mcmc/diagnostics.hpp"
#include "mcmc/hmc.hpp"
#include "mcmc/metropolis.hpp"
#include "mcmc/nuts.hpp"
#include "targets.hpp"

using namespace sbi;
using namespace sbi::mcmc;

namespace {

void check_gaussian_moments(const McmcResult& r, const test::CorrelatedGaussian& g) {
  const Index dim = g.mu.size();
  for (Index i = 0; i < dim; ++i) {
    test::check_expectation(r, [i](const double* t) { return t[i]; }, g.mu[i], "mean");
    for (Index j = i; j < dim; j += 2)
      test::check_expectation(
          r, [&, i, j](const double* t) { return (t[i] - g.mu[i]) * (t[j] - g.mu[j]); },
          g.cov(i, j), "covariance");
  }
}

void check_banana_moments(const McmcResult& r) {
  test::check_expectation(r, [](const double* t) { return t[0]; }, 0.0, "E theta1");
  test::check_expectation(r, [](const double* t) { return t[1]; }, 0.0, "E theta2");
  test::check_expectation(r, [](const double* t) { return t[0] * t[0]; }, 1.0, "Var theta1");
  test::check_expectation(r, [](const double* t) { return t[1] * t[1]; }, 3.0, "Var theta2");
}

}  // namespace

TEST_CASE("random-walk Metropolis with adapted covariance: correlated Gaussian") {
  const test::CorrelatedGaussian target(4, 0.8);
  McmcRunSettings opt;
  opt.num_chains = 20;
  opt.num_samples = 20 * 4000;  // random-walk chains need many draws for R-hat < 1.01
  opt.warmup_steps = 1000;
  opt.thin = 1;
  opt.seed = 21;
  const McmcResult r = metropolis_sample(target.density(), MatrixD::Zero(20, 4), opt);
  check_gaussian_moments(r, target);
  CHECK(diagnose(r).max_rhat < 1.01);
  // Adapted towards 0.234 (Robbins–Monro; the frozen scale lands near, not on, the target).
  CHECK(r.acceptance_rate.mean() > 0.15);
  CHECK(r.acceptance_rate.mean() < 0.35);
  // One batched call per step plus the check of the initial points.
  CHECK(r.density_calls == 1 + opt.total_steps());
}

TEST_CASE("HMC with dual averaging and mass adaptation: 10-D correlated Gaussian") {
  const test::CorrelatedGaussian target(10, 0.8);
  McmcRunSettings opt;
  opt.num_chains = 20;
  opt.num_samples = 20 * 500;
  opt.warmup_steps = 300;
  opt.thin = 1;
  opt.seed = 22;
  const McmcResult r = hmc_sample(target.density(), MatrixD::Zero(20, 10), opt);
  check_gaussian_moments(r, target);
  CHECK(diagnose(r).max_rhat < 1.01);
  INFO(mcmc_report(r));
  // Dual averaging aims at acceptance 0.65 (a loose band: acceptance varies with ε jitter).
  CHECK(r.acceptance_rate.mean() > 0.45);
  CHECK(r.acceptance_rate.mean() < 0.95);
  CHECK(r.divergences.sum() == 0);
}

TEST_CASE("HMC makes one batched gradient call per leapfrog step whatever the chain count") {
  const test::CorrelatedGaussian target(3);
  McmcRunSettings opt;
  opt.num_samples = 200;
  opt.warmup_steps = 0;
  opt.thin = 1;
  HmcSettings hmc;
  hmc.num_leapfrog_steps = 7;
  hmc.initial_step = 0.2;
  for (Index chains : {1, 50}) {
    opt.num_chains = chains;
    const McmcResult r = hmc_sample(target.density(), MatrixD::Zero(chains, 3), opt, hmc);
    // initial check + initial gradient + 7 per step (no divergence on a Gaussian at ε = 0.2).
    CHECK(r.density_calls == 2 + 7 * opt.total_steps());
  }
}

TEST_CASE("NUTS: 10-D correlated Gaussian") {
  const test::CorrelatedGaussian target(10, 0.8);
  McmcRunSettings opt;
  opt.num_chains = 10;
  opt.num_samples = 10 * 500;
  opt.warmup_steps = 300;
  opt.thin = 1;
  opt.seed = 23;
  const McmcResult r = nuts_sample(target.density(), MatrixD::Zero(10, 10), opt);
  INFO(mcmc_report(r));
  check_gaussian_moments(r, target);
  CHECK(diagnose(r).max_rhat < 1.01);
  CHECK(r.acceptance_rate.mean() > 0.6);
  CHECK(r.divergences.sum() == 0);
  CHECK(r.mean_tree_depth.mean() >= 1.0);
  // Trees are built in lockstep: far fewer calls than total leapfrog steps of all chains.
  CHECK(static_cast<double>(r.density_rows) / r.density_calls > 3.0);
}

TEST_CASE("NUTS and HMC: banana") {
  const test::Banana banana;
  McmcRunSettings opt;
  opt.num_chains = 20;
  opt.num_samples = 20 * 2000;  // the banana's curved tails mix slowly
  opt.warmup_steps = 300;
  opt.thin = 1;
  opt.seed = 24;
  const McmcResult nuts = nuts_sample(banana.density(), MatrixD::Zero(20, 2), opt);
  INFO(mcmc_report(nuts));
  check_banana_moments(nuts);
  CHECK(diagnose(nuts).max_rhat < 1.01);
  const McmcResult hmc = hmc_sample(banana.density(), MatrixD::Zero(20, 2), opt);
  INFO(mcmc_report(hmc));
  check_banana_moments(hmc);
  CHECK(diagnose(hmc).max_rhat < 1.01);
}
