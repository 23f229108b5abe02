// NPE and NLE on gaussian_linear (θ ∈ R¹⁰, prior N(0, 0.1·I), x ~ N(θ, 0.1·I)), whose posterior
// is N(0.5·x_o, 0.05·I): NPE must reach C2ST ≤ 0.6 against analytic posterior samples at 10,000
// simulations (the target); NLE must recover the posterior mean and sd.
#include <doctest/doctest.h>

#include <cmath>

#include "core/errors.hpp"
#include "diagnostics/c2st.hpp"
#include "inference/nle.hpp"
#include "inference/npe.hpp"
#include "simulators/task.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::inference;

namespace {

nn::TrainSettings quick_training(int max_epochs) {
  nn::TrainSettings t;  // sbi defaults: Adam 5e-4, batch 200, patience 20
  t.max_epochs = max_epochs;
  t.progress = false;
  return t;
}

}  // namespace

TEST_CASE("NPE (MAF) on gaussian_linear at 10k simulations: C2ST <= 0.6 against the analytic posterior") {
  const sim::Task task = sim::make_task("gaussian_linear");
  Npe npe(task.prior, NpeSettings{"maf", 1});
  const MatrixD theta = task.sample_prior(10000, 11);
  npe.append_simulations(theta, task.simulate(theta, 12));
  npe.train(quick_training(200));
  const RowVectorD x_o = task.simulate(task.sample_prior(1, 13), 14).row(0);
  auto posterior = npe.posterior(x_o);
  const MatrixD draws = posterior->sample(2000, 15);
  const MatrixD reference = task.sample_reference_posterior(x_o, 2000, 16);
  const double score = diagnostics::c2st(reference, draws);
  INFO("C2ST of NPE against the analytic posterior: " << score);
  CHECK(score <= 0.6);
  CHECK(posterior->acceptance_rate() > 0.9);  // a Gaussian prior has full support
  CHECK(posterior->has_log_prob());
  CHECK(posterior->normalized());
  const VectorD lp = posterior->log_prob(draws.topRows(5));
  CHECK(lp.allFinite());

  // Save and load in the same process gives identical densities.
  const auto path = (test::scratch_dir() / "npe_gl.sbi").string();
  npe.save(path, "gaussian_linear");
  std::string tag;
  const Npe loaded = Npe::load(path, task.prior, &tag);
  CHECK(tag == "gaussian_linear");
  CHECK(loaded.posterior(x_o)->log_prob(draws.topRows(5)) == lp);
}

TEST_CASE("NLE (MAF) on gaussian_linear recovers the posterior mean and sd") {
  const sim::Task task = sim::make_task("gaussian_linear");
  Nle nle(task.prior, NleSettings{"maf", 2});
  const MatrixD theta = task.sample_prior(5000, 21);
  nle.append_simulations(theta, task.simulate(theta, 22));
  nle.train(quick_training(100));
  const RowVectorD x_o = task.simulate(task.sample_prior(1, 23), 24).row(0);
  McmcSettings mcmc;
  mcmc.num_chains = 50;
  mcmc.warmup_steps = 100;
  mcmc.thin = 2;
  const MatrixD draws = nle.posterior(x_o, mcmc)->sample(2000, 25);
  const RowVectorD mean = draws.colwise().mean();
  const RowVectorD exact = 0.5 * x_o;
  // Posterior sd is √0.05 ≈ 0.224 per dimension; with ~several hundred effective draws the
  // Monte-Carlo error of the mean is ≈ 0.01, and a 5k-simulation estimator is allowed a bias of
  // a third of a posterior sd.
  for (Index d = 0; d < 10; ++d) CHECK(std::abs(mean(d) - exact(d)) < 0.075 + 0.03);
  const double sd = std::sqrt((draws.rowwise() - mean).array().square().colwise().mean().mean());
  CHECK(sd == doctest::Approx(std::sqrt(0.05)).epsilon(0.2));
  CHECK_THROWS_AS(nle.posterior(RowVectorD::Zero(3)), ShapeError);

  // Save and load: identical likelihoods; a file for another θ dimension or method is refused.
  const auto path = (test::scratch_dir() / "nle_gl.sbi").string();
  nle.save(path, "gaussian_linear");
  std::string tag;
  const Nle loaded = Nle::load(path, task.prior, &tag);
  CHECK(tag == "gaussian_linear");
  CHECK(loaded.log_likelihood(draws.topRows(5), x_o) == nle.log_likelihood(draws.topRows(5), x_o));
  CHECK_THROWS_AS(Nle::load(path, sim::make_task("two_moons").prior), IOError);
  CHECK_THROWS_AS(Npe::load(path, task.prior), IOError);
}

// NPE in the prior's unconstrained space (logit for two_moons' box prior U(-1, 1)²): every draw
// lies in the box, and q(θ | x_o) = q_z(logit θ | x_o)·|∂z/∂θ| integrates to 1 over the box
// (midpoint rule on a 400×400 grid; the flow is barely trained, so the density is smooth and
// the quadrature error is far below the 0.02 tolerance). The θ space survives save and load.
TEST_CASE("NPE in the unconstrained space: draws in the support, density normalised over the box") {
  const sim::Task task = sim::make_task("two_moons");
  Npe npe(task.prior, NpeSettings{"nsf", 3, ThetaSpace::unconstrained});
  const MatrixD theta = task.sample_prior(1000, 31);
  npe.append_simulations(theta, task.simulate(theta, 32));
  npe.train(quick_training(3));
  const RowVectorD x_o = task.simulate(task.sample_prior(1, 33), 34).row(0);
  auto posterior = npe.posterior(x_o);
  const MatrixD draws = posterior->sample(2000, 35);
  CHECK(draws.cwiseAbs().maxCoeff() <= 1.0);
  CHECK(posterior->acceptance_rate() == 1.0);

  const Index grid = 400;
  const double h = 2.0 / double(grid);
  MatrixD points(grid * grid, 2);
  for (Index i = 0; i < grid; ++i)
    for (Index j = 0; j < grid; ++j) points.row(i * grid + j) << -1 + (double(i) + 0.5) * h, -1 + (double(j) + 0.5) * h;
  const double mass = posterior->log_prob(points).array().exp().sum() * h * h;
  INFO("∫ q(θ | x_o) dθ over the box: " << mass);
  CHECK(mass == doctest::Approx(1.0).epsilon(0.02));
  const MatrixD outside = (MatrixD(1, 2) << 1.5, 0.0).finished();
  CHECK(std::isinf(posterior->log_prob(outside)(0)));

  const auto path = (test::scratch_dir() / "npe_unconstrained.sbi").string();
  npe.save(path, "two_moons");
  const Npe loaded = Npe::load(path, task.prior);
  CHECK(loaded.posterior(x_o)->log_prob(draws.topRows(5)) == posterior->log_prob(draws.topRows(5)));
  CHECK(loaded.estimator().space() == ThetaSpace::unconstrained);
  CHECK_THROWS_AS(parse_theta_space("logit"), ValueError);
}

// The flow and its θ space travel together: log q(θ | x) = log q_z(logit θ | x) − log|det ∂T/∂z|
// with the flow evaluated at z itself, −∞ outside the box; a clone is independent of the
// original.
TEST_CASE("PosteriorEstimator: log_prob through the θ space, independent clones") {
  const sim::Task task = sim::make_task("two_moons");
  PosteriorEstimator est = PosteriorEstimator::build("maf", task.prior, ThetaSpace::unconstrained, task.x_dim(), 7);
  CHECK(est.space() == ThetaSpace::unconstrained);
  const MatrixD theta = task.sample_prior(300, 41);
  const MatrixD x = task.simulate(theta, 42);
  est.fit(theta, x, quick_training(2));
  const MatrixF context = x.row(0).cast<float>();
  const MatrixD t5 = theta.topRows(5);
  const MatrixD z = task.prior->to_unconstrained(t5);
  const VectorD expected = est.flow().log_prob(z.cast<float>(), context.replicate(5, 1)).cast<double>() -
                           task.prior->log_abs_det_jacobian(z);
  const VectorD got = est.log_prob(t5, context);
  for (Index i = 0; i < 5; ++i) CHECK(got(i) == doctest::Approx(expected(i)).epsilon(1e-12));
  CHECK(std::isinf(est.log_prob((MatrixD(1, 2) << 0.0, 1.5).finished(), context)(0)));
  CHECK(est.sample(500, context, 3).cwiseAbs().maxCoeff() <= 1.0);

  PosteriorEstimator copy = est.clone();
  CHECK(copy.log_prob(t5, context) == got);
  copy.fit(theta, x, quick_training(1));
  CHECK(est.log_prob(t5, context) == got);  // training the copy left the original alone
  CHECK_THROWS_AS(est.fit(theta, x.leftCols(1), quick_training(1)), ShapeError);
  CHECK_THROWS_AS(PosteriorEstimator(nullptr, task.prior, ThetaSpace::constrained), ValueError);
  const EstimatorPtr three_d(flows::build_estimator(estimator_config("maf", 3, 2, 0)));
  CHECK_THROWS_AS(PosteriorEstimator(three_d, task.prior, ThetaSpace::constrained), ShapeError);
}

TEST_CASE("estimator_config: a kind with size overrides, and clear errors for bad ones") {
  const flows::EstimatorSettings plain = estimator_config("nsf_ar", 2, 3, 0);
  const flows::EstimatorSettings sized = estimator_config("nsf_ar:blocks=4:bins=8:hidden=32", 2, 3, 0);
  CHECK(sized.kind == "nsf_ar");
  CHECK(sized.blocks == 4);
  CHECK(sized.bins == 8);
  CHECK(sized.hidden == 32);
  CHECK(sized.transforms == plain.transforms);  // untouched settings keep the kind's defaults
  CHECK(sized.activation == plain.activation);
  CHECK(estimator_config("mdn:components=3", 2, 3, 0).components == 3);
  CHECK(estimator_config("maf:tail_bound=4.5", 2, 3, 0).tail_bound == 4.5);
  CHECK_THROWS_WITH_AS(estimator_config("nsf:depth=3", 2, 3, 0), doctest::Contains("unknown setting 'depth'"), ValueError);
  CHECK_THROWS_WITH_AS(estimator_config("nsf:bins=eight", 2, 3, 0), doctest::Contains("bins=eight"), ValueError);
  CHECK_THROWS_WITH_AS(estimator_config("nsf:bins=2.5", 2, 3, 0), doctest::Contains("not a whole number"), ValueError);
  CHECK_THROWS_WITH_AS(estimator_config("nsf:bins", 2, 3, 0), doctest::Contains("expected key=value"), ValueError);
  CHECK_THROWS_WITH_AS(estimator_config("nsf:transforms=0", 2, 3, 0), doctest::Contains("transforms must be >= 1"), ValueError);
  CHECK_THROWS_WITH_AS(estimator_config("flowy:bins=3", 2, 3, 0), doctest::Contains("unknown density estimator 'flowy'"), ValueError);
  // The multifidelity paper's zuko flow: alternating order and raw spline logits.
  const flows::EstimatorSettings zuko = estimator_config("nsf_ar:permutation=reverse:spline_scale=none", 2, 3, 0);
  CHECK(zuko.permutation == flows::PermutationScheme::reverse);
  CHECK(zuko.spline_scale == "none");
  CHECK(plain.spline_scale == "hidden");
  CHECK(plain.architecture().str().find("spline_scale") == std::string::npos);  // old files unchanged
  CHECK(flows::EstimatorSettings::from_architecture(zuko.architecture()).spline_scale == "none");
  CHECK(flows::EstimatorSettings::from_architecture(zuko.architecture()).permutation == flows::PermutationScheme::reverse);
  CHECK_THROWS_WITH_AS(estimator_config("nsf:spline_scale=sqrt", 2, 3, 0), doctest::Contains("spline_scale must be hidden or none"), ValueError);
  CHECK_THROWS_WITH_AS(estimator_config("maf:permutation=shuffle", 2, 3, 0), doctest::Contains("permutation must be"), ValueError);
  // The overrides reach the built flow: a model file rebuilds the same sizes.
  const flows::EstimatorSettings back = flows::EstimatorSettings::from_architecture(sized.architecture());
  CHECK(back.blocks == 4);
  CHECK(back.bins == 8);
}
