// Course lesson 6: ACE and generalized Bayesian inference (docs/course/06_ace_gbi.md).
// A 1-D simulator x = θ + σε (σ = 0.3) with prior θ ~ U(-2, 2) and the distance d(x, t) = (x - t)².
// ACE regresses a network ĉ(θ, t) on d(x_i, t) over simulations x_i ~ p(x | θ_i) and targets t;
// the minimiser of the squared error is the expected distance
//   c(θ, x_o) = E_{x ~ p(x|θ)} (x - x_o)² = (θ - x_o)² + σ².
// The GBI posterior p_β(θ | x_o) ∝ exp(-β·ĉ(θ, x_o))·p(θ) is then ≈ N(x_o, 1/(2β)) cut to the
// prior's box: β sharpens it. At β = 1, 10, 100 we compare the MCMC draws with quadrature of
// the learned exp(-β·ĉ)·p on a fine grid, and print the exact exp(-β·c)·p beside them: at large
// β the posterior depends on ĉ within ~1/β of its minimum, where the network is least exact.
// The cost network is trained on the Poisson deviance (AceLoss::Poisson), which keeps the
// valley of ĉ sharper than the squared error does.
// Exercise (--check): write exact_cost (the formula above); the check compares the trained
// network's ĉ with it over the prior's range.
// Usage: course_06_ace_gbi [--fast] [--check]
#include <cmath>
#include <cstdio>

#include "course_check.hpp"
#include <sbi/inference/ace.hpp>
#include <sbi/simulators/function_simulator.hpp>
#include <sbi/simulators/prior_box_uniform.hpp>

using namespace sbi;

namespace {

constexpr double kSigma = 0.3, kLow = -2, kHigh = 2, kObserved = 0.5;

// EXERCISE: the expected distance c(θ, x_o) = E (x - x_o)² for x = θ + σε.
double exact_cost(double theta, double x_o) { return (theta - x_o) * (theta - x_o) + kSigma * kSigma; }

// Mean and sd of the density ∝ exp(-β·cost(θ))·p(θ) on the prior's box, by the midpoint rule
// on `grid` (costs given at its points).
void gbi_moments(const VectorD& grid, const VectorD& cost, double beta, double& mean, double& sd) {
  const VectorD w = (-beta * (cost.array() - cost.minCoeff())).exp();
  mean = grid.dot(w) / w.sum();
  sd = std::sqrt(grid.array().square().matrix().dot(w) / w.sum() - mean * mean);
}

RowVectorD observation() {
  RowVectorD x_o(1);
  x_o << kObserved;
  return x_o;
}

void compare_posteriors(course::Checks& checks, const inference::Ace& ace) {
  const Index points = 4000;
  MatrixD grid(points, 1);
  VectorD exact(points);
  for (Index i = 0; i < points; ++i) {
    grid(i, 0) = kLow + (kHigh - kLow) * (double(i) + 0.5) / double(points);
    exact(i) = exact_cost(grid(i, 0), kObserved);
  }
  const VectorD learned = ace.cost(grid, observation());
  inference::McmcSettings mcmc;
  mcmc.num_chains = 20;
  mcmc.warmup_steps = 50;
  mcmc.thin = 2;
  std::printf("  beta   MCMC mean ± sd    exp(-β·ĉ) mean ± sd   exact exp(-β·c) mean ± sd\n");
  double previous_sd = INFINITY;
  for (double beta : {1.0, 10.0, 100.0}) {
    const MatrixD draws = ace.posterior(observation(), beta, mcmc)->sample(2000, /*seed=*/3);
    const double mean = draws.col(0).mean();
    const double sd = std::sqrt((draws.col(0).array() - mean).square().mean());
    double learned_mean, learned_sd, exact_mean, exact_sd;
    gbi_moments(grid.col(0), learned, beta, learned_mean, learned_sd);
    gbi_moments(grid.col(0), exact, beta, exact_mean, exact_sd);
    std::printf("  %4.0f   %.3f ± %.3f     %.3f ± %.3f          %.3f ± %.3f\n", beta, mean, sd, learned_mean,
                learned_sd, exact_mean, exact_sd);
    // MCMC against quadrature of the same learned density: 2,000 draws of 20 chains carry an
    // ESS of several hundred, so the mean is good to ~4·sd/√500 ≈ 0.2 sd and the sd to ~10%.
    checks.expect(std::abs(mean - learned_mean) < 0.2 * learned_sd,
                  course::describe("  MCMC mean vs quadrature of exp(-β·ĉ)", mean, learned_mean, 0.2 * learned_sd));
    checks.expect(std::abs(sd / learned_sd - 1) < 0.15,
                  course::describe("  MCMC sd vs quadrature of exp(-β·ĉ)", sd, learned_sd, 0.15 * learned_sd));
    checks.expect(sd < 0.7 * previous_sd, "  a tenfold beta gives a sharper posterior (sd ≈ 1/√(2β) inside the box)");
    previous_sd = sd;
  }
}

void exercise_check(course::Checks& checks, const inference::Ace& ace) {
  // Near the minimum, where the GBI posterior lives: |θ - x_o| ≤ 0.5, c from σ² to σ² + 0.25.
  const Index points = 51;
  MatrixD theta(points, 1);
  for (Index i = 0; i < points; ++i) theta(i, 0) = kObserved - 0.5 + double(i) / double(points - 1);
  const VectorD learned = ace.cost(theta, observation());
  double worst = 0;
  for (Index i = 0; i < points; ++i) worst = std::max(worst, std::abs(learned(i) - exact_cost(theta(i, 0), kObserved)));
  // From 4,000 simulations the network is good to ~0.02 here; σ²/2 = 0.045 still catches a
  // formula without its σ² term (off by 0.09) or with σ for σ².
  checks.expect(worst < 0.5 * kSigma * kSigma,
                course::describe("exercise: max |ĉ - c| for |θ - x_o| ≤ 0.5", worst, 0, 0.5 * kSigma * kSigma));
}

}  // namespace

int main(int argc, char** argv) {
  const course::Args args = course::parse_args(argc, argv);
  course::Checks checks;
  std::printf("== lesson 6: ACE and GBI ==\n");
  auto prior = std::make_shared<sim::BoxUniformPrior>(1, kLow, kHigh);
  sim::FunctionSimulator simulator(1, 1, [](const double* theta, double* x, Rng& rng) {
    x[0] = theta[0] + kSigma * rng.normal();
  });
  const MatrixD theta = prior->sample(args.fast ? 4000 : 20000, /*seed=*/1);
  inference::AceSettings options;
  options.loss = inference::AceLoss::Poisson;
  options.hidden = 32;  // a smaller residual net than the paper's 3 × 64: one θ, one x
  options.blocks = 2;
  inference::Ace ace(prior, inference::mse_pair_distance(), options);
  ace.append_simulations(theta, simulator.simulate(theta, /*seed=*/2));
  nn::TrainSettings training = inference::ace_reference_training();  // Adam 1e-3, batch 500
  training.batch_size = 200;
  training.max_epochs = args.fast ? 150 : 2000;
  training.patience = 100;
  training.progress = false;
  const nn::TrainResult result = ace.train(training);
  std::printf("trained %zu epochs, best validation loss (%s) %.4f\n", result.epochs.size(),
              inference::ace_loss_name(options.loss).c_str(), result.best_validation_loss);
  compare_posteriors(checks, ace);
  if (args.check) exercise_check(checks, ace);
  return checks.exit_code();
}
