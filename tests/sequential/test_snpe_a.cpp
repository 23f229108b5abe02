// SNPE-A (inference/snpe_a.hpp, snpe_a_learner.cpp, snpe_a_model.hpp).
// Correction: q(θ)·p(θ)/p̃(θ) is checked pointwise against the product of the Gaussian densities
// computed directly: log corrected − (log q + log p − log p̃) must be one constant −log Z over
// all θ (weights, means and precisions all enter it); in 1-D Z = ∫ q p / p̃ is also computed by
// quadrature (trapezoid rule on ±12 sd, error far below the 1e-6 tolerance).
// The MDN's mixture at a context equals its own log-density (float network: 1e-4), and a
// one-component MDN expanded without perturbation has the same density.
// Whole method on the conjugate Gaussian model (conjugate_gaussian.hpp): θ | x_o ~
// N(0.8·x_o, 0.2·I₂), |mean error| ≤ 0.16, |sd error| ≤ 0.11 (5 standard errors).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "flows/mdn.hpp"
#include "inference/method.hpp"
#include "sequential/sequential.hpp"
#include "inference/snpe_a.hpp"
#include "inference/snpe_a_model.hpp"
#include "simulators/function_simulator.hpp"
#include "simulators/prior_box_uniform.hpp"
#include "simulators/prior_gaussian.hpp"
#include "simulators/prior_lognormal.hpp"
#include "conjugate_gaussian.hpp"

using namespace sbi;
using namespace sbi::inference;
using namespace sbi::test;

namespace {

MatrixD spd(double a, double b, double c) { return (MatrixD(2, 2) << a, b, b, c).finished(); }

flows::GaussianMixture two_component_mixture() {
  flows::GaussianMixture q;
  q.log_weights = (VectorD(2) << std::log(0.3), std::log(0.7)).finished();
  q.means = {(VectorD(2) << 0.2, -0.1).finished(), (VectorD(2) << -0.4, 0.5).finished()};
  q.precisions = {spd(9.0, 2.0, 6.0), spd(5.0, -1.5, 8.0)};
  return q;
}

// log corrected(θ) − [log q(θ) + log p(θ) − log p̃(θ)] at each θ row.
VectorD correction_residual(const flows::GaussianMixture& q, const Gaussian& proposal, const std::optional<Gaussian>& prior,
                            const MatrixD& theta) {
  const flows::GaussianMixture c = correct_for_proposal(q, proposal, prior);
  VectorD direct = q.log_prob(theta) - flows::gaussian_log_prob(theta, proposal.mean, proposal.precision);
  if (prior) direct += flows::gaussian_log_prob(theta, prior->mean, prior->precision);
  return c.log_prob(theta) - direct;
}

SequentialSettings snpe_a_options(int rounds, int max_epochs) {
  SequentialSettings o;
  o.method = SequentialMethod::snpe_a;
  o.estimator = "mdn";
  o.rounds = rounds;
  o.seed = 11;
  o.training.max_epochs = max_epochs;
  o.training.progress = false;
  return o;
}

}  // namespace

TEST_CASE("SNPE-A correction equals q·p/p̃ computed pointwise (2-D, Gaussian and uniform prior)") {
  const flows::GaussianMixture q = two_component_mixture();
  const Gaussian proposal{(VectorD(2) << 0.1, 0.0).finished(), spd(2.0, 0.3, 1.5)};
  const Gaussian prior{(VectorD(2) << -0.2, 0.3).finished(), spd(1.0, 0.2, 0.5)};
  const MatrixD theta = MatrixD::Random(50, 2);
  for (const std::optional<Gaussian>& p : {std::optional<Gaussian>(prior), std::optional<Gaussian>()}) {
    const VectorD r = correction_residual(q, proposal, p, theta);
    INFO("prior " << (p ? "Gaussian" : "uniform") << ": residual range " << r.minCoeff() << " .. " << r.maxCoeff());
    CHECK(r.maxCoeff() - r.minCoeff() < 1e-9);
  }
  // With p̃ = p the correction changes nothing.
  const VectorD same = correction_residual(q, prior, prior, theta);
  CHECK(std::abs(same.maxCoeff()) < 1e-9);
  CHECK(std::abs(same.minCoeff()) < 1e-9);
}

TEST_CASE("SNPE-A correction in 1-D is normalised: residual = −log ∫ q p / p̃ by quadrature") {
  flows::GaussianMixture q;
  q.log_weights = (VectorD(2) << std::log(0.4), std::log(0.6)).finished();
  q.means = {VectorD::Constant(1, 0.3), VectorD::Constant(1, -0.5)};
  q.precisions = {MatrixD::Constant(1, 1, 16.0), MatrixD::Constant(1, 1, 9.0)};
  const Gaussian proposal{VectorD::Constant(1, 0.2), MatrixD::Constant(1, 1, 4.0)};
  const Gaussian prior{VectorD::Constant(1, -1.0), MatrixD::Constant(1, 1, 0.5)};
  const Index n = 200001;
  const double lo = -4.0, hi = 4.0, h = (hi - lo) / double(n - 1);
  MatrixD grid(n, 1);
  for (Index i = 0; i < n; ++i) grid(i, 0) = lo + h * double(i);
  const VectorD integrand = (q.log_prob(grid) + flows::gaussian_log_prob(grid, prior.mean, prior.precision) -
                             flows::gaussian_log_prob(grid, proposal.mean, proposal.precision))
                                .array()
                                .exp();
  const double z = h * (integrand.sum() - 0.5 * (integrand(0) + integrand(n - 1)));
  const VectorD r = correction_residual(q, proposal, prior, grid.topRows(20));
  for (Index i = 0; i < r.size(); ++i) CHECK(std::abs(r(i) + std::log(z)) < 1e-6);
}

TEST_CASE("SNPE-A refuses a corrected precision that is not positive definite, and priors it cannot correct") {
  const flows::GaussianMixture q = two_component_mixture();
  const Gaussian narrow{VectorD::Zero(2), spd(40.0, 0.0, 1.0)};  // narrower than q in θ₁
  try {
    correct_for_proposal(q, narrow, std::nullopt);
    FAIL("expected a ValueError");
  } catch (const ValueError& e) {
    CHECK(std::string(e.what()).find("not positive definite") != std::string::npos);
  }
  CHECK_NOTHROW(snpe_a_prior_gaussian(sim::BoxUniformPrior(2, -1.0, 1.0)));
  CHECK(snpe_a_prior_gaussian(*standard_normal_prior())->precision == MatrixD::Identity(2, 2));
  CHECK_THROWS_AS(snpe_a_prior_gaussian(sim::LogNormalPrior(VectorD::Zero(2), VectorD::Ones(2))), ValueError);
}

TEST_CASE("MDN mixture at a context matches its log-density; expansion without perturbation keeps it") {
  auto prior = standard_normal_prior();
  PosteriorEstimator one = PosteriorEstimator::build("mdn:components=1", prior, ThetaSpace::constrained, 3, 5);
  PosteriorEstimator many = PosteriorEstimator::build("mdn:components=4", prior, ThetaSpace::constrained, 3, 6);
  const MatrixF y = MatrixF::Random(40, 2) * 2.f, c = MatrixF::Random(40, 3);
  one.flow().fit_standardizers(y, c);
  const MatrixF context = c.topRows(1);
  const MatrixD theta = y.topRows(10).cast<double>();
  auto& single = dynamic_cast<flows::MDN&>(one.flow());
  auto& wide = dynamic_cast<flows::MDN&>(many.flow());
  const VectorD direct = one.log_prob(theta, context);
  const VectorD via_mixture = single.mixture(context).log_prob(theta);
  for (Index i = 0; i < theta.rows(); ++i) CHECK(via_mixture(i) == doctest::Approx(direct(i)).epsilon(1e-4));
  wide.expand_from(single, 0.0, 1);
  const VectorD expanded = many.log_prob(theta, context);
  for (Index i = 0; i < theta.rows(); ++i) CHECK(expanded(i) == doctest::Approx(direct(i)).epsilon(1e-4));
  CHECK(wide.mixture(context).components() == 4);
  CHECK_THROWS_AS(single.expand_from(wide, 0.0, 1), ValueError);
}

TEST_CASE("SNPE-A recovers the conjugate Gaussian posterior in 3 rounds; its model file samples the same") {
  const RowVectorD x_o = (RowVectorD(2) << 0.6, -0.4).finished();
  const SequentialResult r = run_sequential(standard_normal_prior(), gaussian_simulator(), x_o, 3000,
                                            snpe_a_options(3, 200));
  const auto* posterior = dynamic_cast<const MixturePosterior*>(r.posterior.get());
  REQUIRE(posterior != nullptr);
  CHECK(posterior->mixture().components() == 10);  // expanded in the final round
  CHECK(r.rounds[1].acceptance_rate == 1.0);         // a Gaussian prior has no support to leave
  check_moments(r.posterior->sample(4000, 3), x_o);
  const std::string path = "test_snpe_a_model.sbi";
  r.save_model(path, "conjugate");
  const auto loaded = load_method(path, standard_normal_prior());
  CHECK(peek_model_file(path).kind == "snpe_a");
  CHECK(peek_model_file(path).tag == "conjugate");
  CHECK(loaded->posterior(x_o)->sample(500, 9) == r.posterior->sample(500, 9));
  std::remove(path.c_str());
}

TEST_CASE("SNPE-A with a box prior: truncated to the support, bit-identical with 1 and 2 threads") {
  auto prior = std::make_shared<sim::BoxUniformPrior>(2, -2.0, 2.0);
  const RowVectorD x_o = (RowVectorD(2) << 0.5, -0.3).finished();
  auto run_with = [&](int threads) {
    ThreadCountGuard g(threads);
    SequentialResult r = run_sequential(prior, gaussian_simulator(), x_o, 600, snpe_a_options(3, 5));
    return std::make_pair(r.theta, MatrixD(r.posterior->sample(300, 1)));
  };
  const auto a = run_with(1), b = run_with(2);
  CHECK(a.first == b.first);
  CHECK(a.second == b.second);
  for (bool inside : prior->in_support(a.second)) CHECK(inside);
  SequentialSettings o = snpe_a_options(2, 5);
  o.estimator = "maf";
  CHECK_THROWS_AS(run_sequential(prior, gaussian_simulator(), x_o, 600, o), ValueError);
  o.estimator = "mdn";
  o.theta_space = ThetaSpace::unconstrained;
  CHECK_THROWS_AS(run_sequential(prior, gaussian_simulator(), x_o, 600, o), ValueError);
  CHECK(parse_sequential_method("snpe-a") == SequentialMethod::snpe_a);
}
