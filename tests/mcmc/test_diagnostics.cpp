// Split-R̂ and ESS on draws with known answers: iid normal (R̂ ≈ 1, ESS ≈ S), AR(1) chains
// (ESS ≈ S·(1 − φ)/(1 + φ)), and chains stuck at different means (R̂ ≫ 1); the text report.
#include <doctest/doctest.h>

#include <cmath>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "mcmc/diagnostics.hpp"

using namespace sbi;
using namespace sbi::mcmc;

namespace {
MatrixD ar1_chains(Index chains, Index draws, double phi, std::uint64_t seed, double shift = 0) {
  MatrixD out(chains, draws);
  for (Index c = 0; c < chains; ++c) {
    Rng rng(seed, c);
    double x = rng.normal();  // stationary start: Var = 1 for the scaled innovations below
    for (Index t = 0; t < draws; ++t) {
      x = phi * x + std::sqrt(1 - phi * phi) * rng.normal();
      out(c, t) = x + shift * static_cast<double>(c);
    }
  }
  return out;
}
}  // namespace

TEST_CASE("iid draws: R-hat near 1, ESS near the number of draws") {
  const MatrixD iid = ar1_chains(8, 2000, 0.0, 1);
  const double s = static_cast<double>(iid.size());
  CHECK(split_rhat(iid) < 1.005);
  CHECK(rank_normalized_split_rhat(iid) < 1.005);
  // sd of the ESS estimate of white noise is a few percent of S at this size.
  CHECK(ess_mean(iid) == doctest::Approx(s).epsilon(0.15));
  CHECK(ess_bulk(iid) == doctest::Approx(s).epsilon(0.15));
}

TEST_CASE("AR(1) chains: ESS matches S (1 - phi) / (1 + phi)") {
  const double phi = 0.9;
  const MatrixD ar = ar1_chains(8, 5000, phi, 2);
  const double expected = static_cast<double>(ar.size()) * (1 - phi) / (1 + phi);
  CHECK(ess_mean(ar) == doctest::Approx(expected).epsilon(0.25));
  CHECK(ess_bulk(ar) == doctest::Approx(expected).epsilon(0.25));
  CHECK(rank_normalized_split_rhat(ar) < 1.01);
}

TEST_CASE("chains at different locations give a large R-hat") {
  const MatrixD shifted = ar1_chains(4, 500, 0.5, 3, 1.0);
  CHECK(split_rhat(shifted) > 1.5);
  CHECK(rank_normalized_split_rhat(shifted) > 1.5);
  // A chain whose two halves differ is caught by splitting, even with one chain.
  MatrixD drift(1, 400);
  Rng rng(4, 0);
  for (Index t = 0; t < 400; ++t) drift(0, t) = rng.normal() + (t < 200 ? 0.0 : 3.0);
  CHECK(split_rhat(drift) > 1.5);
}

TEST_CASE("rank normalisation gives normal scores with ties averaged") {
  MatrixD x(1, 4);
  x << 3.0, 1.0, 1.0, 2.0;
  const MatrixD z = rank_normalize(x);
  CHECK(z(0, 1) == z(0, 2));
  CHECK(z(0, 1) < z(0, 3));
  CHECK(z(0, 3) < z(0, 0));
  // Φ⁻¹((4 − 3/8)/(4 + 1/4)) for the largest value.
  CHECK(z(0, 0) == doctest::Approx(1.0487).epsilon(1e-3));
}

TEST_CASE("diagnostics reject too short or non-finite chains") {
  CHECK_THROWS_AS(split_rhat(MatrixD::Zero(2, 2)), ValueError);
  MatrixD bad = MatrixD::Zero(2, 10);
  bad(1, 3) = std::nan("");
  CHECK_THROWS_AS(ess_bulk(bad), ValueError);
}

TEST_CASE("report names the sampler, acceptance, step sizes and R-hat") {
  McmcResult r;
  r.allocate("hmc", 4, 100, 2);
  Rng rng(5, 0);
  for (Index i = 0; i < r.draws.rows(); ++i)
    for (Index d = 0; d < 2; ++d) r.draws(i, d) = rng.normal();
  r.acceptance_rate.setConstant(0.7);
  r.step_size = MatrixD::Constant(4, 1, 0.3);
  r.step_size_name = "leapfrog step";
  const std::string text = mcmc_report(r);
  CHECK(text.find("hmc") != std::string::npos);
  CHECK(text.find("acceptance rate: 0.7") != std::string::npos);
  CHECK(text.find("leapfrog step: 0.3") != std::string::npos);
  CHECK(text.find("R-hat") != std::string::npos);
}
