// Course lesson 4: batched MCMC (docs/course/04_mcmc.md).
// Target: a 2-D Gaussian with unit variances and correlation ρ = 0.9,
//   log p(θ) = -½ θᵀΣ⁻¹θ + const,  ∇ log p(θ) = -Σ⁻¹θ,  Σ⁻¹ = [[1, -ρ], [-ρ, 1]] / (1 - ρ²).
// mcmc::slice_sample and mcmc::nuts_sample advance all chains in lockstep with one batched
// density call per (sub)step. For each we print the split-R̂, the bulk ESS and the moments, and
// check them against the known ones with tolerances from the Monte Carlo standard errors:
//   mean: MCSE = sd/√ESS;  sd: ≈ sd/√(2·ESS);  correlation: ≈ (1 - ρ²)/√ESS.
// Exercise (--check): slice_update_by_hand is one coordinate of a slice sampler (Neal 2003:
// stepping out, then shrinkage) for one chain; the check samples the target with it.
// Usage: course_04_mcmc [--fast] [--check]
#include <cmath>
#include <cstdio>

#include <sbi/core/rng.hpp>
#include "course_check.hpp"
#include <sbi/mcmc/diagnostics.hpp>
#include <sbi/mcmc/nuts.hpp>
#include <sbi/mcmc/slice.hpp>

using namespace sbi;

namespace {

constexpr double kRho = 0.9;

double log_target(const double* t) {
  return -0.5 * (t[0] * t[0] - 2 * kRho * t[0] * t[1] + t[1] * t[1]) / (1 - kRho * kRho);
}

// The batched density: one call evaluates every row (chain) of theta.
mcmc::LogDensity correlated_gaussian() {
  mcmc::LogDensity density;
  density.dim = 2;
  density.value = [](ConstRowsD theta, ValuesD logp) {
    for (Index i = 0; i < theta.rows(); ++i) logp(i) = log_target(theta.row(i).data());
  };
  density.value_and_grad = [](ConstRowsD theta, ValuesD logp, RowsD grad) {
    for (Index i = 0; i < theta.rows(); ++i) {
      const double a = theta(i, 0), b = theta(i, 1), s = 1 - kRho * kRho;
      logp(i) = log_target(theta.row(i).data());
      grad(i, 0) = -(a - kRho * b) / s;
      grad(i, 1) = -(b - kRho * a) / s;
    }
  };
  return density;
}

// Checks the moments of chains × draws × 2 samples against the target's.
void check_moments(course::Checks& checks, const char* name, const mcmc::McmcResult& result) {
  const mcmc::Diagnostics diag = mcmc::diagnose(result);
  const MatrixD& draws = result.flat();
  const RowVectorD mean = draws.colwise().mean();
  const MatrixD centred = draws.rowwise() - mean;
  const double rho = centred.col(0).dot(centred.col(1)) / std::sqrt(centred.col(0).squaredNorm() * centred.col(1).squaredNorm());
  std::printf("%s: %lld chains × %lld draws, %lld batched density calls: R̂ %.3f, min bulk ESS %.0f\n", name,
              (long long)result.num_chains, (long long)result.num_draws, (long long)result.density_calls,
              diag.max_rhat, diag.min_ess_bulk);
  checks.expect(diag.max_rhat < 1.05, course::describe("  R̂", diag.max_rhat, 1, 0.05));
  for (int d = 0; d < 2; ++d) {
    const auto& s = diag.dims[static_cast<std::size_t>(d)];
    checks.expect(std::abs(s.mean) < 4 * s.mcse_mean, course::describe("  mean", s.mean, 0, 4 * s.mcse_mean));
    const double sd_tol = 4 / std::sqrt(2 * s.ess_bulk);
    checks.expect(std::abs(s.sd - 1) < sd_tol, course::describe("  sd", s.sd, 1, sd_tol));
  }
  const double rho_tol = 5 * (1 - kRho * kRho) / std::sqrt(diag.min_ess_bulk);
  checks.expect(std::abs(rho - kRho) < rho_tol, course::describe("  correlation", rho, kRho, rho_tol));
}

MatrixD dispersed_starts(Index chains) {
  Rng rng(9, 0);
  MatrixD init(chains, 2);
  for (double& v : init.reshaped()) v = rng.normal(0, 3);
  return init;
}

// EXERCISE: one slice-sampling update of coordinate d of x (logp = log p(x), updated).
//  1. slice height: log y = log p(x) - Exp(1)
//  2. bracket [L, R] of width w placed uniformly around x_d; step out L ← L - w while
//     log p(L) > log y (at most J times), R ← R + w likewise (at most K times), J + K = m - 1
//     with J uniform in 0..m-1
//  3. draw x'_d ~ U(L, R); accept if log p(x') > log y, else shrink [L, R] towards x_d, redraw.
void slice_update_by_hand(double* x, double& logp, int d, double w, Rng& rng) {
  const double log_y = logp - rng.exponential(1.0);
  const double x0 = x[d];
  auto at = [&](double v) { x[d] = v; const double l = log_target(x); x[d] = x0; return l; };
  double left = x0 - w * rng.uniform(), right = left + w;
  const int m = 50;
  std::int64_t j = rng.uniform_int(0, m - 1), k = m - 1 - j;
  while (j-- > 0 && at(left) > log_y) left -= w;
  while (k-- > 0 && at(right) > log_y) right += w;
  for (;;) {
    const double proposal = rng.uniform(left, right);
    const double l = at(proposal);
    if (l > log_y) {
      x[d] = proposal;
      logp = l;
      return;
    }
    (proposal < x0 ? left : right) = proposal;
  }
}

void exercise_check(course::Checks& checks, Index draws) {
  const Index chains = 4;
  mcmc::McmcResult result;
  result.allocate("slice by hand", chains, draws, 2);
  const MatrixD init = dispersed_starts(chains);
  for (Index c = 0; c < chains; ++c) {
    Rng rng(5, static_cast<std::uint64_t>(c));
    double x[2] = {init(c, 0), init(c, 1)}, logp = log_target(x);
    for (Index t = -200; t < draws; ++t) {  // 200 warm-up sweeps, discarded
      for (int d = 0; d < 2; ++d) slice_update_by_hand(x, logp, d, 1.0, rng);
      if (t >= 0) result.draw(c, t) << x[0], x[1];
    }
  }
  check_moments(checks, "exercise: slice by hand (one chain at a time)", result);
}

}  // namespace

int main(int argc, char** argv) {
  const course::Args args = course::parse_args(argc, argv);
  course::Checks checks;
  std::printf("== lesson 4: batched MCMC ==\n");
  const mcmc::LogDensity density = correlated_gaussian();
  mcmc::McmcRunSettings options;
  options.num_chains = 8;
  options.num_samples = args.fast ? 8000 : 40000;
  options.warmup_steps = 200;
  options.thin = 1;
  options.seed = 1;
  check_moments(checks, "slice", mcmc::slice_sample(density, dispersed_starts(8), options));
  check_moments(checks, "nuts", mcmc::nuts_sample(density, dispersed_starts(8), options));
  if (args.check) exercise_check(checks, args.fast ? 2000 : 20000);
  return checks.exit_code();
}
