// CPU tests of the per-chain MH and slice step logic shared with the GPU sampler kernel
// (mcmc/chain_steps.hpp): many independent chains, each with its own Philox stream, on a
// correlated 2-D Gaussian; the chains' final states must have the target's mean and covariance
// within Monte-Carlo error (5 standard errors of N independent draws).
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "mcmc/chain_steps.hpp"

using namespace sbi;

namespace {
// N(μ, Σ) with μ = (1, -2), σ = (1, 2), ρ = 0.6, up to a constant.
struct Gaussian2 {
  double operator()(const double* x) const {
    const double a = (x[0] - 1.0) / 1.0, b = (x[1] + 2.0) / 2.0, rho = 0.6;
    return -(a * a - 2 * rho * a * b + b * b) / (2 * (1 - rho * rho));
  }
};

void check_moments(const std::vector<double>& states, int n) {
  double m0 = 0, m1 = 0;
  for (int c = 0; c < n; ++c) {
    m0 += states[2 * c];
    m1 += states[2 * c + 1];
  }
  m0 /= n;
  m1 /= n;
  double v0 = 0, v1 = 0, c01 = 0;
  for (int c = 0; c < n; ++c) {
    const double a = states[2 * c] - m0, b = states[2 * c + 1] - m1;
    v0 += a * a;
    v1 += b * b;
    c01 += a * b;
  }
  v0 /= n - 1;
  v1 /= n - 1;
  c01 /= n - 1;
  const double rn = std::sqrt(double(n));
  CHECK(std::abs(m0 - 1.0) < 5 * 1.0 / rn);
  CHECK(std::abs(m1 + 2.0) < 5 * 2.0 / rn);
  // Var of a sample variance of a normal: 2σ⁴/n; of a sample covariance: (σ₁²σ₂² + c²)/n.
  CHECK(std::abs(v0 - 1.0) < 5 * std::sqrt(2.0) * 1.0 / rn);
  CHECK(std::abs(v1 - 4.0) < 5 * std::sqrt(2.0) * 4.0 / rn);
  CHECK(std::abs(c01 - 1.2) < 5 * std::sqrt(4.0 + 1.44) / rn);
}
}  // namespace

TEST_CASE("shared MH step samples a correlated Gaussian") {
  const int chains = 4000, steps = 400;
  const Gaussian2 f;
  const double sd[2] = {1.2, 2.4};
  std::vector<double> states(2 * chains);
  long accepted = 0;
  for (int c = 0; c < chains; ++c) {
    PhiloxStream rng(123, c);
    double x[2] = {5.0, 5.0}, work[2];  // far from the mode: the chains must travel
    double logp = f(x);
    for (int s = 0; s < steps; ++s) accepted += mcmc::mh_step(f, x, logp, work, 2, sd, rng) ? 1 : 0;
    CHECK(logp == f(x));
    states[2 * c] = x[0];
    states[2 * c + 1] = x[1];
  }
  const double rate = double(accepted) / (double(chains) * steps);
  CHECK(rate > 0.2);
  CHECK(rate < 0.8);
  check_moments(states, chains);
}

TEST_CASE("shared slice sweep samples a correlated Gaussian") {
  const int chains = 4000, steps = 60;
  const Gaussian2 f;
  const double width[2] = {1.0, 2.0};
  std::vector<double> states(2 * chains);
  long evaluations = 0;
  for (int c = 0; c < chains; ++c) {
    PhiloxStream rng(321, c);
    double x[2] = {5.0, 5.0};
    double logp = f(x);
    for (int s = 0; s < steps; ++s) evaluations += mcmc::slice_sweep(f, x, logp, 2, width, 50, 200, rng);
    CHECK(logp == f(x));
    states[2 * c] = x[0];
    states[2 * c + 1] = x[1];
  }
  CHECK(evaluations > 2L * chains * steps);  // at least step-out + one proposal per coordinate
  check_moments(states, chains);
}
