// Simulation storage (validation, dropping non-finite rows) and rejection ABC on
// gaussian_linear, whose posterior is N(0.5·x_o, 0.05·I) when the prior is N(0, 0.1·I).
#include <doctest/doctest.h>

#include <cmath>

#include "core/errors.hpp"
#include "inference/rejection_abc.hpp"
#include "inference/simulation_data.hpp"
#include "simulators/task.hpp"

using namespace sbi;
using namespace sbi::inference;

TEST_CASE("SimulationData validates rows and drops non-finite simulations") {
  const sim::Task task = sim::make_task("two_moons");
  SimulationData data(task.prior);
  MatrixD theta = task.sample_prior(5, 1);
  MatrixD x = task.simulate(theta, 2);
  x(3, 1) = NAN;
  CHECK(data.append(theta, x) == 1);
  CHECK(data.size() == 4);
  CHECK(data.dropped_nonfinite() == 1);
  CHECK(data.x().allFinite());

  MatrixD outside = theta;
  outside(2, 0) = 5.0;  // outside U(-1, 1)²
  try {
    data.append(outside, task.simulate(theta, 3));
    FAIL("expected a ValueError");
  } catch (const ValueError& e) {
    CHECK(std::string(e.what()).find("row 2") != std::string::npos);
  }
  CHECK(data.size() == 4);  // nothing stored by the failed append
  CHECK_THROWS_AS(data.append(theta, MatrixD::Zero(5, 3)), ShapeError);
  CHECK_THROWS_AS(data.append(MatrixD::Zero(5, 3), x), ShapeError);
}

TEST_CASE("rejection ABC on gaussian_linear recovers the analytic posterior roughly") {
  const sim::Task task = sim::make_task("gaussian_linear");
  SimulationData data(task.prior);
  const Index n = 20000;
  const MatrixD theta = task.sample_prior(n, 11);
  data.append(theta, task.simulate(theta, 12));
  const RowVectorD x_o = task.simulate(MatrixD::Zero(1, 10), 99).row(0);
  const RejectionAbc abc(data);
  RejectionAbcSettings options;
  options.num_accept = 200;
  const EmpiricalPosterior post = abc.posterior(x_o, options);
  const MatrixD draws = post.sample(2000, 5);
  // Rejection ABC in 10-D with a wide acceptance region is biased towards the prior: the
  // posterior mean lies between the prior mean 0 and the exact 0.5·x_o, and the spread between
  // the posterior sd √0.05 and the prior sd √0.1.
  const RowVectorD mean = draws.colwise().mean();
  const RowVectorD exact = 0.5 * x_o;
  for (Index d = 0; d < 10; ++d) {
    CHECK(std::abs(mean(d) - exact(d)) < std::abs(exact(d)) + 0.15);
  }
  const double sd0 = std::sqrt((draws.col(0).array() - mean(0)).square().mean());
  CHECK(sd0 < std::sqrt(0.1) * 1.15);
  CHECK(draws.rows() == 2000);
  CHECK_THROWS_AS(abc.posterior(RowVectorD::Zero(3)), ShapeError);
}

TEST_CASE("GBI rejection ABC accepts with probability exp(-β d)") {
  const sim::Task task = sim::make_task("two_moons");
  SimulationData data(task.prior);
  const MatrixD theta = task.sample_prior(5000, 1);
  data.append(theta, task.simulate(theta, 2));
  const RowVectorD x_o = data.x().row(0);
  const RejectionAbc abc(data);
  auto mse = [](const MatrixD& x, const RowVectorD& o) {
    return VectorD(((x.rowwise() - o).array().square().rowwise().sum() / double(x.cols())).matrix());
  };
  const auto loose = abc.gbi_posterior(x_o, 1.0, mse, 3);
  const auto tight = abc.gbi_posterior(x_o, 100.0, mse, 3);
  CHECK(loose.atoms().rows() > tight.atoms().rows());
  // Expected acceptance count = Σ exp(-β d_i): within 5 binomial standard deviations.
  const VectorD d = mse(data.x(), x_o);
  const VectorD p = (-100.0 * d.array()).exp().matrix();
  const double expected = p.sum(), sd = std::sqrt((p.array() * (1 - p.array())).sum());
  CHECK(std::abs(double(tight.atoms().rows()) - expected) < 5 * sd + 1);
}
