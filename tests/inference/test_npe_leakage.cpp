// An NPE flow that leaks almost all its mass outside the prior's support: rejection cannot
// finish (acceptance below 10⁻⁴), so NpePosterior draws by MCMC on the same density inside the
// support. The flow is trained on θ₁ ~ N(5, 1), θ₂ ~ N(0, 1) (x independent of θ) under the box
// prior [0, 1] × [−10, 10]: P_q(θ ∈ box) ≈ Φ(−4) − Φ(−5) ≈ 3·10⁻⁵. The draws must lie in the box
// and match the flow's own restricted density, whose moments come from quadrature of q on a grid.
#include <doctest/doctest.h>

#include <cmath>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "inference/npe.hpp"
#include "inference/npe_flow_potential.hpp"
#include "simulators/prior_box_uniform.hpp"

using namespace sbi;
using namespace sbi::inference;

namespace {

// Mean and sd of each coordinate under q(θ | x_o) restricted to the box, by the midpoint rule on
// a 400 × 400 grid over [0, 1] × [−6, 6] (the flow's θ₂-mass beyond ±6 is ~10⁻⁹).
void restricted_moments(const PosteriorEstimator& flow, const MatrixF& x_o, RowVectorD& mean, RowVectorD& sd) {
  const Index k = 400;
  MatrixD grid(k * k, 2);
  for (Index i = 0; i < k; ++i)
    for (Index j = 0; j < k; ++j) grid.row(i * k + j) << (i + 0.5) / k, -6.0 + 12.0 * (j + 0.5) / k;
  const VectorD lq = flow.log_prob(grid, x_o);
  const VectorD w = (lq.array() - lq.maxCoeff()).exp();
  mean = (grid.array().colwise() * w.array()).colwise().sum() / w.sum();
  const MatrixD centred = grid.rowwise() - mean;
  sd = ((centred.array().square().colwise() * w.array()).colwise().sum() / w.sum()).sqrt();
}

}  // namespace

TEST_CASE("NPE posterior: a flow leaking almost all its mass is sampled by MCMC inside the support") {
  auto prior = std::make_shared<sim::BoxUniformPrior>((VectorD(2) << 0.0, -10.0).finished(),
                                                      (VectorD(2) << 1.0, 10.0).finished());
  const Index n = 4000;
  Rng rng(3, 0);
  MatrixD theta(n, 2), x(n, 1);
  for (Index i = 0; i < n; ++i) theta.row(i) << 5.0 + rng.normal(), rng.normal();
  for (Index i = 0; i < n; ++i) x(i, 0) = rng.normal();
  PosteriorEstimator flow = PosteriorEstimator::build("maf", prior, ThetaSpace::constrained, 1, 7);
  nn::TrainSettings training;
  training.max_epochs = 30;
  training.progress = false;
  flow.fit(theta, x, training);

  const RowVectorD x_o = RowVectorD::Zero(1);
  const NpePosterior posterior(flow, x_o);
  INFO("flow mass inside the box (10⁴-draw probe, at least one counted): " << posterior.acceptance_rate());
  CHECK(posterior.acceptance_rate() <= 2e-4);
  const MatrixD draws = posterior.sample(2000, 11);
  CHECK(posterior.sampled_by_mcmc());
  REQUIRE(draws.rows() == 2000);
  for (bool inside : prior->in_support(draws)) REQUIRE(inside);

  RowVectorD mean, sd;
  restricted_moments(flow, x_o.cast<float>(), mean, sd);
  const RowVectorD draw_mean = draws.colwise().mean();
  const RowVectorD draw_sd = ((draws.rowwise() - draw_mean).array().square().colwise().mean()).sqrt();
  // 100 chains × 20 draws 10 slice steps apart: at least ~1000 effective draws, so the Monte
  // Carlo error of the mean and of the sd is below 0.03 sd; 0.15 sd is 5 such errors.
  for (Index d = 0; d < 2; ++d) {
    INFO("θ" << d + 1 << ": MCMC mean " << draw_mean(d) << " sd " << draw_sd(d) << ", quadrature mean "
              << mean(d) << " sd " << sd(d));
    CHECK(std::abs(draw_mean(d) - mean(d)) < 0.15 * sd(d));
    CHECK(std::abs(draw_sd(d) - sd(d)) < 0.15 * sd(d));
  }
  CHECK(mean(0) > 0.6);  // the restricted density piles up against θ₁ = 1, the side nearest the flow

  // The same seed gives the same draws.
  CHECK(posterior.sample(300, 13) == posterior.sample(300, 13));
  // A flow without leakage keeps rejection.
  MatrixD inside_theta = theta;
  inside_theta.col(0) = (inside_theta.col(0).array() - 5.0) * 0.1 + 0.5;
  PosteriorEstimator tight = PosteriorEstimator::build("maf", prior, ThetaSpace::constrained, 1, 8);
  tight.fit(inside_theta, x, training);
  const NpePosterior tight_posterior(tight, x_o);
  tight_posterior.sample(500, 12);
  CHECK_FALSE(tight_posterior.sampled_by_mcmc());
}

TEST_CASE("posterior_flow_potential: log q inside the support, -inf outside; unconstrained flows refused") {
  auto prior = std::make_shared<sim::BoxUniformPrior>(2, 0.0, 1.0);
  const PosteriorEstimator flow = PosteriorEstimator::build("maf", prior, ThetaSpace::constrained, 1, 9);
  const MatrixF x_o = MatrixF::Zero(1, 1);
  const mcmc::LogDensity potential = posterior_flow_potential(flow, x_o);
  MatrixD theta(3, 2);
  theta << 0.2, 0.3, 1.5, 0.5, 0.9, 0.1;
  const VectorD lp = mcmc::evaluate(potential, theta);
  const VectorD reference = flow.log_prob(theta, x_o);
  CHECK(lp(0) == doctest::Approx(reference(0)).epsilon(1e-5));
  CHECK(std::isinf(lp(1)));
  CHECK(lp(2) == doctest::Approx(reference(2)).epsilon(1e-5));
  const PosteriorEstimator unconstrained = PosteriorEstimator::build("maf", prior, ThetaSpace::unconstrained, 1, 9);
  CHECK_THROWS_AS(posterior_flow_potential(unconstrained, x_o), ValueError);
}
