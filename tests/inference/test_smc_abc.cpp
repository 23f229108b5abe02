// SMC-ABC and the regression adjustment on a 1-D Gaussian model with a closed-form posterior:
//   θ ~ N(0, 1), x | θ ~ N(θ, σ² = 0.25)  →  θ | x_o ~ N(0.8·x_o, 0.2).
// With distance |x − x_o| ≤ ε the ABC likelihood is N(θ, σ²) convolved with U(−ε, ε), of
// variance σ²_ε = σ² + ε²/3; its posterior (Gaussian approximation) is N(x_o/(1 + σ²_ε),
// σ²_ε/(1 + σ²_ε)). The SMC-ABC sd must lie between the exact sd and that of the ε-posterior,
// up to 4 Monte-Carlo standard errors (sd/√(2·ESS)); the mean within the ε-bias plus 4 standard
// errors (sd/√ESS).
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "inference/smc_abc.hpp"
#include "inference/smc_abc_adjust.hpp"
#include "simulators/prior_gaussian.hpp"

using namespace sbi;
using namespace sbi::inference;

namespace {

constexpr double kNoiseSd = 0.5;

sim::PriorPtr standard_normal_prior() {
  return std::make_shared<sim::GaussianPrior>(sim::GaussianPrior::isotropic(1, 0.0, 1.0));
}

MatrixD simulate(const MatrixD& theta, std::uint64_t seed) {
  MatrixD x(theta.rows(), 1);
  for (Index i = 0; i < theta.rows(); ++i) {
    Rng rng(seed, static_cast<std::uint64_t>(i));
    x(i, 0) = theta(i, 0) + kNoiseSd * rng.normal();
  }
  return x;
}

VectorD absolute_distance(const MatrixD& x, const RowVectorD& x_o) {
  return (x.col(0).array() - x_o(0)).abs().matrix();
}

struct WeightedMoments {
  double mean, sd;
};
WeightedMoments moments(const MatrixD& theta, const VectorD& w) {
  const VectorD p = w / w.sum();
  const double m = p.dot(theta.col(0));
  const double v = p.dot((theta.col(0).array() - m).square().matrix());
  return {m, std::sqrt(v)};
}

}  // namespace

TEST_CASE("SMC-ABC recovers the posterior of a 1-D Gaussian model within its budget") {
  const RowVectorD x_o = RowVectorD::Constant(1, 0.7);
  SmcAbcSettings options;
  options.num_particles = 1000;
  options.initial_population = 2000;
  options.simulation_budget = 30000;
  options.distance = absolute_distance;
  options.seed = 3;
  std::atomic<Index> simulated{0};
  const BatchSimulator simulator = [&](const MatrixD& theta, std::uint64_t seed) {
    simulated += theta.rows();
    return simulate(theta, seed);
  };
  const SmcAbcResult r = SmcAbc(standard_normal_prior(), simulator, options).run(x_o);
  CHECK(r.simulations <= options.simulation_budget);
  CHECK(r.simulations == simulated.load());
  CHECK(r.rounds.size() >= 3);
  for (std::size_t k = 1; k < r.rounds.size(); ++k) CHECK(r.rounds[k].epsilon <= r.rounds[k - 1].epsilon);
  CHECK(r.weights.sum() == doctest::Approx(1.0));
  CHECK((r.distances.array() <= r.epsilon).all());

  const double ess = r.effective_sample_size();
  const auto [mean, sd] = moments(r.theta, r.weights);
  const double true_mean = 0.8 * x_o(0), true_sd = std::sqrt(0.2);
  const double var_eps = kNoiseSd * kNoiseSd + r.epsilon * r.epsilon / 3.0;
  const double eps_mean = x_o(0) / (1 + var_eps), eps_sd = std::sqrt(var_eps / (1 + var_eps));
  MESSAGE("SMC-ABC: " << r.rounds.size() << " rounds, " << r.simulations << " simulations, epsilon "
                      << r.epsilon << ", ESS " << ess << ", mean " << mean << " (exact " << true_mean
                      << "), sd " << sd << " (exact " << true_sd << ", at epsilon " << eps_sd << ")");
  CHECK(std::abs(mean - true_mean) <= std::abs(eps_mean - true_mean) + 4 * eps_sd / std::sqrt(ess));
  CHECK(sd >= true_sd * (1 - 4 / std::sqrt(2 * ess)));
  CHECK(sd <= eps_sd * (1 + 4 / std::sqrt(2 * ess)));

  // The posterior object resamples the weighted particles.
  const EmpiricalPosterior posterior = r.posterior();
  CHECK(posterior.dim() == 1);
  CHECK(posterior.sample(10, 1).rows() == 10);
}

TEST_CASE("SMC-ABC stops at the budget, keeps the last complete population, and is reproducible") {
  const RowVectorD x_o = RowVectorD::Constant(1, 0.7);
  SmcAbcSettings options;
  options.num_particles = 500;
  options.initial_population = 1000;
  options.simulation_budget = 1600;  // round 1 needs ~500 / acceptance ≈ 1000+ simulations
  options.batch_size = 200;
  options.seed = 9;
  const SmcAbc smc(standard_normal_prior(), simulate, options);
  const SmcAbcResult a = smc.run(x_o);
  CHECK(a.budget_exhausted);
  CHECK(a.simulations == options.simulation_budget);
  REQUIRE(a.rounds.size() == 1);
  CHECK(a.theta.rows() == 500);
  CHECK(a.epsilon == a.rounds[0].epsilon);

  // sbi's use_last_pop_samples: the incomplete round's accepted particles (all within its ε)
  // are kept, filled up with the first particles of round 0; masses accepted/N and the rest.
  SmcAbcSettings fill = options;
  fill.fill_incomplete_round = true;
  const SmcAbcResult f = SmcAbc(standard_normal_prior(), simulate, fill).run(x_o);
  CHECK(f.budget_exhausted);
  CHECK(f.simulations == options.simulation_budget);
  REQUIRE(f.rounds.size() == 2);
  const Index fresh = std::min<Index>(f.rounds[1].within_epsilon, 500);
  REQUIRE(fresh > 0);
  REQUIRE(fresh < 500);
  CHECK(f.theta.rows() == 500);
  CHECK((f.distances.head(fresh).array() <= f.rounds[1].epsilon).all());
  CHECK(f.theta.bottomRows(500 - fresh) == a.theta.topRows(500 - fresh));
  CHECK(f.weights.head(fresh).sum() == doctest::Approx(double(fresh) / 500.0));
  CHECK(f.weights.sum() == doctest::Approx(1.0));

  options.simulation_budget = 8000;
  const SmcAbc longer(standard_normal_prior(), simulate, options);
  SmcAbcResult one, two;
  {
    ThreadCountGuard g(1);
    one = longer.run(x_o);
  }
  {
    ThreadCountGuard g(2);
    two = longer.run(x_o);
  }
  CHECK(one.theta == two.theta);
  CHECK(one.weights == two.weights);
  CHECK(one.simulations <= 8000);

  options.initial_population = 100;
  CHECK_THROWS_AS(SmcAbc(standard_normal_prior(), simulate, options), ValueError);
}

TEST_CASE("regression adjustment makes wide-tolerance rejection ABC exact for a linear-Gaussian model") {
  const auto prior = standard_normal_prior();
  SimulationData data(prior);
  const MatrixD theta = prior->sample(20000, 5);
  data.append(theta, simulate(theta, 6));
  const RowVectorD x_o = RowVectorD::Constant(1, 0.7);
  const double true_mean = 0.8 * x_o(0), true_sd = std::sqrt(0.2);

  // Half accepted: the plain rejection posterior is clearly wider than the exact one.
  RejectionAbcSettings plain;
  plain.num_accept = 10000;
  const EmpiricalPosterior raw = RejectionAbc(data).posterior(x_o, plain);
  const auto raw_m = moments(raw.atoms(), raw.weights());
  const EmpiricalPosterior adjusted = rejection_abc_adjusted(data, x_o, 10000);
  const auto adj_m = moments(adjusted.atoms(), adjusted.weights());
  const double ess = 1.0 / adjusted.weights().squaredNorm();
  MESSAGE("rejection ABC sd " << raw_m.sd << ", adjusted mean " << adj_m.mean << " sd " << adj_m.sd
                              << " (exact " << true_mean << ", " << true_sd << "), ESS " << ess);
  CHECK(raw_m.sd > 1.15 * true_sd);
  // θ | x is exactly linear-Gaussian here, so the adjusted sample is exact up to Monte-Carlo
  // error (and the slope's estimation error, of the same order): 5 standard errors.
  CHECK(std::abs(adj_m.mean - true_mean) < 5 * true_sd / std::sqrt(ess));
  CHECK(std::abs(adj_m.sd - true_sd) < 5 * true_sd / std::sqrt(2 * ess));

  // The same adjustment inside SMC-ABC keeps the population's posterior close to the exact one.
  SmcAbcSettings options;
  options.num_particles = 500;
  options.initial_population = 1000;
  options.simulation_budget = 3000;
  options.regression_adjustment = true;
  options.distance = absolute_distance;
  const SmcAbcResult r = SmcAbc(prior, simulate, options).run(x_o);
  const auto smc_m = moments(r.theta, r.weights);
  const double smc_ess = r.effective_sample_size();
  CHECK(std::abs(smc_m.mean - true_mean) < 5 * true_sd / std::sqrt(smc_ess));
  CHECK(std::abs(smc_m.sd - true_sd) < 5 * true_sd / std::sqrt(2 * smc_ess));

  CHECK_THROWS_AS(epanechnikov_weights(VectorD::Ones(3), 0.0), ValueError);
  CHECK_THROWS_AS(regression_adjust(MatrixD::Zero(3, 1), MatrixD::Zero(3, 1), VectorD::Zero(3), x_o, *prior),
                  ValueError);
}
