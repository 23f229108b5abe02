// The conjugate Gaussian model the sequential-inference tests share (test_sequential.cpp,
// test_snpe_a.cpp): θ ~ N(0, I₂), x | θ ~ N(θ, 0.25·I₂) ⇒ θ | x_o ~ N(0.8·x_o, 0.2·I₂), with
// tolerances of 5 standard errors for ≥ 200 effective pairs near x_o: |mean error| ≤ 0.16,
// |sd error| ≤ 0.11.
#pragma once
#include <doctest/doctest.h>

#include <cmath>
#include <memory>

#include "inference/tsnpe.hpp"
#include "sequential/sequential.hpp"
#include "simulators/function_simulator.hpp"
#include "simulators/prior_gaussian.hpp"

namespace sbi::test {

constexpr double kNoise = 0.5;
inline const double kPostSd = std::sqrt(kNoise * kNoise / (1.0 + kNoise * kNoise));  // 0.447
inline const double kMeanTol = 5.0 * kPostSd / std::sqrt(200.0);
inline const double kSdTol = 5.0 * kPostSd / std::sqrt(400.0);

inline sim::PriorPtr standard_normal_prior() {
  return std::make_shared<sim::GaussianPrior>(VectorD::Zero(2), Eigen::MatrixXd::Identity(2, 2));
}

// Short runs: `rounds` rounds of at most max_epochs epochs, no progress, a small MCMC (snle, snre).
inline inference::SequentialSettings quick_sequential_settings(inference::SequentialMethod method, int rounds,
                                                               int max_epochs, std::uint64_t seed = 11) {
  inference::SequentialSettings o;
  o.method = method;
  o.rounds = rounds;
  o.seed = seed;
  o.training.max_epochs = max_epochs;
  o.training.progress = false;
  o.mcmc.num_chains = 20;
  o.mcmc.warmup_steps = 20;
  o.mcmc.thin = 2;
  o.mcmc.init_candidates = 500;
  return o;
}

// x = θ + 0.5·ε; counts its calls in *calls when given.
inline inference::SimulateFn gaussian_simulator(int* calls = nullptr) {
  auto sim = std::make_shared<sim::FunctionSimulator>(2, 2, [](const double* theta, double* x, Rng& rng) {
    for (int j = 0; j < 2; ++j) x[j] = theta[j] + kNoise * rng.normal();
  });
  return [sim, calls](const MatrixD& theta, std::uint64_t seed) {
    if (calls) ++*calls;
    return sim->simulate(theta, seed);
  };
}

// The draws' mean and sd per dimension against the exact posterior's.
inline void check_moments(const MatrixD& draws, const RowVectorD& x_o) {
  const RowVectorD mean = draws.colwise().mean();
  for (Index j = 0; j < 2; ++j) {
    const double sd = std::sqrt((draws.col(j).array() - mean(j)).square().sum() / double(draws.rows() - 1));
    INFO("dim " << j << ": mean " << mean(j) << " (exact " << 0.8 * x_o(j) << "), sd " << sd << " (exact " << kPostSd
                << ")");
    CHECK(std::abs(mean(j) - 0.8 * x_o(j)) < kMeanTol);
    CHECK(std::abs(sd - kPostSd) < kSdTol);
  }
}

}  // namespace sbi::test
