// Initialisation: prior draws, sampling-importance-resampling (SIR) and given points; a
// well-separated bimodal 1-D mixture sampled with many SIR-initialised chains puts the right
// mass in each mode (chains do not cross between modes, so the starts carry the weights).
#include <doctest/doctest.h>

#include <cmath>
#include <memory>

#include "core/errors.hpp"
#include "mcmc/sample.hpp"
#include "targets.hpp"

using namespace sbi;
using namespace sbi::mcmc;

namespace {

// 0.3 N(−4, 0.5²) + 0.7 N(4, 0.5²).
LogDensity bimodal() {
  return log_density_from_rows(1, [](const double* t) {
    const double a = std::log(0.3) - 0.5 * std::pow((t[0] + 4.0) / 0.5, 2);
    const double b = std::log(0.7) - 0.5 * std::pow((t[0] - 4.0) / 0.5, 2);
    const double m = std::max(a, b);
    return m + std::log(std::exp(a - m) + std::exp(b - m));
  });
}

PriorSampler uniform_prior(double lo, double hi) {
  return [lo, hi](Index n, Rng& rng) {
    MatrixD m(n, 1);
    for (Index i = 0; i < n; ++i) m(i, 0) = rng.uniform(lo, hi);
    return m;
  };
}

}  // namespace

TEST_CASE("SIR initialisation puts chains in the modes in proportion to their mass") {
  const MatrixD init = init_sir(uniform_prior(-10, 10), bimodal(), 2000, 5);
  const double left = (init.col(0).array() < 0).cast<double>().mean();
  // Binomial error of 2000 starts plus the SIR error of 10,000 candidates (both ≈ 0.01).
  CHECK(std::abs(left - 0.3) < 5 * std::sqrt(0.21 / 2000 + 0.21 / 10000 * 3));
  CHECK(init.cwiseAbs().maxCoeff() < 7.0);  // near the modes, not spread over the prior
  const MatrixD prior = init_from_prior(uniform_prior(-10, 10), 2000, 5);
  CHECK(prior.cwiseAbs().maxCoeff() > 9.0);
  CHECK_THROWS_AS(init_given(MatrixD::Zero(3, 2), 3, 1), ShapeError);
  CHECK(init_given(MatrixD::Ones(3, 1), 3, 1) == MatrixD::Ones(3, 1));
}

TEST_CASE("bimodal mixture with 1000 SIR-initialised chains: mass per mode and moments") {
  auto box = std::make_shared<BoxLogitBijection>(VectorD::Constant(1, -10), VectorD::Constant(1, 10));
  for (const char* name : {"slice", "nuts"}) {
    INFO(std::string(name));
    SamplerSettings config;
    config.mcmc.sampler = parse_sampler(name);
    config.mcmc.num_chains = 1000;
    config.mcmc.num_samples = 1000 * 20;
    config.mcmc.warmup_steps = 50;
    config.mcmc.thin = 1;
    config.mcmc.seed = 17;
    config.init = InitKind::Sir;
    LogDensity target = bimodal();
    if (config.mcmc.sampler == SamplerKind::Nuts) {
      target.value_and_grad = [f = target.value](ConstRowsD t, ValuesD lp, RowsD g) {
        f(t, lp);
        for (Index i = 0; i < t.rows(); ++i) {
          const double x = t(i, 0);
          const double a = std::log(0.3) - 0.5 * std::pow((x + 4.0) / 0.5, 2);
          const double b = std::log(0.7) - 0.5 * std::pow((x - 4.0) / 0.5, 2);
          const double wa = 1.0 / (1.0 + std::exp(b - a));
          g(i, 0) = wa * (-(x + 4.0) / 0.25) + (1 - wa) * (-(x - 4.0) / 0.25);
        }
      };
    }
    const McmcResult r = sample_constrained(target, box, uniform_prior(-10, 10), config);
    // Each chain stays in its mode: the number of chains (1000) bounds the information on the
    // weights. Binomial sd sqrt(0.21/1000) ≈ 0.0145 plus the SIR error.
    const double left = (r.draws.col(0).array() < 0).cast<double>().mean();
    CHECK(std::abs(left - 0.3) < 5 * std::sqrt(0.21 / 1000 + 0.21 / 10000 * 3));
    // Within each mode: mean ±4 and sd 0.5.
    double s_left = 0, s2_left = 0, n_left = 0, s_right = 0, s2_right = 0, n_right = 0;
    for (Index i = 0; i < r.draws.rows(); ++i) {
      const double x = r.draws(i, 0);
      if (x < 0) { s_left += x; s2_left += x * x; n_left += 1; }
      else { s_right += x; s2_right += x * x; n_right += 1; }
    }
    const double m_left = s_left / n_left, m_right = s_right / n_right;
    // Draws are autocorrelated within chains; 1000 chains × a few effective draws each.
    CHECK(std::abs(m_left + 4.0) < 5 * 0.5 / std::sqrt(n_left / 20));
    CHECK(std::abs(m_right - 4.0) < 5 * 0.5 / std::sqrt(n_right / 20));
    CHECK(std::sqrt(s2_right / n_right - m_right * m_right) == doctest::Approx(0.5).epsilon(0.05));
  }
}
