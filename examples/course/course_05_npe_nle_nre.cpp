// Course lesson 5: NPE, NLE and NRE (docs/course/05_npe_nle_nre.md).
// A conjugate Gaussian: θ ~ N(0, I₂), x | θ ~ N(θ, σ²I₂) with σ = 0.5, whose posterior is
//   p(θ | x_o) = N(x_o / (1 + σ²), σ²/(1 + σ²)·I) = N(0.8·x_o, 0.2·I).
// The same simulations train the three methods:
//   NPE  q_φ(θ | x) by maximum likelihood; the posterior is q_φ(θ | x_o), sampled directly;
//   NLE  q_φ(x | θ); the posterior ∝ q_φ(x_o | θ)·p(θ), sampled by MCMC;
//   NRE  a classifier whose logit d(θ, x) → log p(x | θ)/p(x); the posterior ∝ e^d·p(θ), by MCMC.
// For each, the posterior mean and sd are checked against the exact ones.
// Exercise (--check): posterior_mean_by_importance estimates E[θ | x_o] from NRE's log ratio by
// self-normalised importance sampling from the prior: w_i ∝ r(θ_i, x_o), θ_i ~ p(θ).
// Usage: course_05_npe_nle_nre [--fast] [--check]
#include <cmath>
#include <cstdio>

#include "course_check.hpp"
#include <sbi/inference/nle.hpp>
#include <sbi/inference/npe.hpp>
#include <sbi/inference/nre.hpp>
#include <sbi/simulators/function_simulator.hpp>
#include <sbi/simulators/prior_gaussian.hpp>

using namespace sbi;

namespace {

constexpr double kSigma = 0.5;
const double kShrink = 1 / (1 + kSigma * kSigma);                   // 0.8
const double kPosteriorSd = kSigma * std::sqrt(kShrink);              // √0.2 ≈ 0.447

RowVectorD observation() {
  RowVectorD x_o(2);
  x_o << 1.0, -0.5;
  return x_o;
}

// Mean and sd of the draws against N(0.8·x_o, 0.2·I). The networks see a few thousand
// simulations, so we allow a quarter of a posterior sd in the mean and 25% in the sd.
void check_posterior(course::Checks& checks, const char* method, const MatrixD& draws) {
  const RowVectorD mean = draws.colwise().mean();
  const RowVectorD exact = kShrink * observation();
  std::printf("%s: posterior mean (%.3f, %.3f), exact (%.3f, %.3f)\n", method, mean(0), mean(1), exact(0), exact(1));
  for (int d = 0; d < 2; ++d) {
    const double sd = std::sqrt((draws.col(d).array() - mean(d)).square().mean());
    checks.expect(std::abs(mean(d) - exact(d)) < 0.25 * kPosteriorSd,
                  course::describe("  mean", mean(d), exact(d), 0.25 * kPosteriorSd));
    checks.expect(std::abs(sd / kPosteriorSd - 1) < 0.25, course::describe("  sd", sd, kPosteriorSd, 0.25 * kPosteriorSd));
  }
}

inference::McmcSettings quick_mcmc() {
  inference::McmcSettings s;
  s.num_chains = 20;
  s.warmup_steps = 50;
  s.thin = 2;
  return s;
}

// EXERCISE: E[θ | x_o] ≈ Σ_i w_i θ_i / Σ_i w_i with θ_i ~ p(θ) and w_i = exp(log r(θ_i, x_o)).
// (Subtract the largest log r before exponentiating.)
RowVectorD posterior_mean_by_importance(const inference::Nre& nre, const MatrixD& prior_draws) {
  const VectorD log_r = nre.log_ratio(prior_draws, observation());
  const VectorD w = (log_r.array() - log_r.maxCoeff()).exp();
  return (prior_draws.transpose() * w).transpose() / w.sum();
}

}  // namespace

int main(int argc, char** argv) {
  const course::Args args = course::parse_args(argc, argv);
  course::Checks checks;
  std::printf("== lesson 5: NPE, NLE, NRE ==\n");
  auto prior = std::make_shared<sim::GaussianPrior>(VectorD::Zero(2), MatrixD::Identity(2, 2));
  sim::FunctionSimulator simulator(2, 2, [](const double* theta, double* x, Rng& rng) {
    for (int d = 0; d < 2; ++d) x[d] = theta[d] + kSigma * rng.normal();
  });
  const Index num_sims = args.fast ? 2000 : 20000;
  const MatrixD theta = prior->sample(num_sims, /*seed=*/1);
  const MatrixD x = simulator.simulate(theta, /*seed=*/2);
  nn::TrainSettings training;  // sbi's defaults, with a larger step and a cap on the epochs
  training.adam.learning_rate = 1e-3;
  training.max_epochs = args.fast ? 40 : 300;
  training.progress = false;
  const Index draws = 2000;

  inference::Npe npe(prior, inference::NpeSettings{"maf", /*seed=*/7});
  npe.append_simulations(theta, x);
  npe.train(training);
  check_posterior(checks, "NPE", npe.posterior(observation())->sample(draws, /*seed=*/3));

  inference::Nle nle(prior, inference::NleSettings{"maf", /*seed=*/7});
  nle.append_simulations(theta, x);
  nle.train(training);
  check_posterior(checks, "NLE", nle.posterior(observation(), quick_mcmc())->sample(draws, /*seed=*/3));

  inference::Nre nre(prior);
  nre.append_simulations(theta, x);
  nre.train(training);
  check_posterior(checks, "NRE", nre.posterior(observation(), quick_mcmc())->sample(draws, /*seed=*/3));

  if (args.check) {
    const MatrixD prior_draws = prior->sample(20000, /*seed=*/4);
    const RowVectorD mean = posterior_mean_by_importance(nre, prior_draws);
    const VectorD w = (nre.log_ratio(prior_draws, observation()).array().exp()).matrix();
    std::printf("importance sampling: mean (%.3f, %.3f), effective sample size (Σw)²/Σw² = %.0f of 20000\n",
                mean(0), mean(1), w.sum() * w.sum() / w.squaredNorm());
    const RowVectorD exact = kShrink * observation();
    for (int d = 0; d < 2; ++d)
      checks.expect(std::abs(mean(d) - exact(d)) < 0.25 * kPosteriorSd,
                    course::describe("exercise: importance-sampled mean", mean(d), exact(d), 0.25 * kPosteriorSd));
  }
  return checks.exit_code();
}
