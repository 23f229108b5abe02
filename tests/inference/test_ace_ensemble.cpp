// AceEnsemble on uniform_1d, whose expected MSE cost has a closed form,
//   c(θ, x_o) = (f(θ) - x_o)² + 0.5²/12.
// Checks: the ensemble cost is m + λ·s of the members' costs, and mean_and_sd gives m and s
// (plain reference computation);
// a one-member ensemble is exactly the single network (same seeds, same MCMC draws); the
// ensemble mean is never further from the exact cost than the members are on average
// (pointwise (mean of errors)² ≤ mean of squared errors, so this holds for any network); and
// bad input is refused.
#include <doctest/doctest.h>

#include <cmath>

#include "core/errors.hpp"
#include "inference/ace_ensemble.hpp"
#include "simulators/task.hpp"

using namespace sbi;
using namespace sbi::inference;

namespace {

nn::TrainSettings short_training() {
  nn::TrainSettings t = ace_reference_training();
  t.max_epochs = 60;  // enough for a rough fit; the checks below hold for any weights
  t.patience = 60;
  t.progress = false;
  return t;
}

struct Setup {
  sim::Task task = sim::make_task("uniform_1d");
  MatrixD theta = task.sample_prior(2000, 1);
  MatrixD x = task.simulate(theta, 2);
  MatrixD grid = MatrixD(61, 1);
  RowVectorD x_o = RowVectorD::Constant(1, 0.3);
  Setup() {
    for (Index i = 0; i < grid.rows(); ++i) grid(i, 0) = -1.5 + 3.0 * double(i) / 60.0;
  }
};

Setup& setup() {
  static Setup s;
  return s;
}

const AceEnsemble& three_members() {
  static const AceEnsemble e = AceEnsemble::train(setup().task.prior, mse_pair_distance(), AceSettings{}, 3,
                                                  setup().theta, setup().x, MatrixD(0, 1), short_training());
  return e;
}

}  // namespace

TEST_CASE("the ensemble cost is the members' mean plus lambda times their sd") {
  const auto& s = setup();
  AceEnsemble e = three_members();
  REQUIRE(e.size() == 3);
  const MatrixD c = e.member_costs(s.grid, s.x_o);
  REQUIRE(c.rows() == s.grid.rows());
  REQUIRE(c.cols() == 3);
  CHECK((c.col(0) - c.col(1)).cwiseAbs().maxCoeff() > 0);  // different seeds, different networks
  VectorD mean, sd;
  e.mean_and_sd(s.grid, s.x_o, mean, sd);
  for (double lambda : {0.0, 1.5}) {
    e.set_disagreement_penalty(lambda);
    const VectorD got = e.cost(s.grid, s.x_o);
    for (Index i = 0; i < c.rows(); ++i) {
      const double m = (c(i, 0) + c(i, 1) + c(i, 2)) / 3;
      const double var = ((c(i, 0) - m) * (c(i, 0) - m) + (c(i, 1) - m) * (c(i, 1) - m) + (c(i, 2) - m) * (c(i, 2) - m)) / 2;
      CHECK(got(i) == doctest::Approx(m + lambda * std::sqrt(var)).epsilon(1e-12));
      CHECK(mean(i) == doctest::Approx(m).epsilon(1e-12));
      CHECK(sd(i) == doctest::Approx(std::sqrt(var)).epsilon(1e-12));
    }
  }
}

TEST_CASE("a one-member ensemble is the single ACE network, draw for draw") {
  const auto& s = setup();
  Ace single(s.task.prior, mse_pair_distance(), AceSettings{});
  single.append_simulations(s.theta, s.x);
  single.train(short_training());
  const AceEnsemble one = AceEnsemble::train(s.task.prior, mse_pair_distance(), AceSettings{}, 1, s.theta, s.x,
                                             MatrixD(0, 1), short_training());
  CHECK(one.cost(s.grid, s.x_o) == single.cost(s.grid, s.x_o));
  CHECK(one.member(0).cost(s.grid, s.x_o) == single.cost(s.grid, s.x_o));
  const MatrixD a = one.posterior(s.x_o, 20.0)->sample(200, 5);
  const MatrixD b = single.posterior(s.x_o, 20.0)->sample(200, 5);
  CHECK(a == b);
  // Member 0 of a larger ensemble is that network too.
  CHECK(three_members().member(0).cost(s.grid, s.x_o) == single.cost(s.grid, s.x_o));
}

TEST_CASE("the ensemble mean is at least as close to the exact cost as the members on average") {
  const auto& s = setup();
  AceEnsemble e = three_members();
  e.set_disagreement_penalty(0);
  const VectorD exact = s.task.evaluate_exact_cost(s.grid, s.x_o);
  const MatrixD c = e.member_costs(s.grid, s.x_o);
  double member_mse = 0;
  for (Index k = 0; k < c.cols(); ++k) member_mse += (c.col(k) - exact).squaredNorm() / double(c.cols());
  const double ensemble_mse = (e.cost(s.grid, s.x_o) - exact).squaredNorm();
  INFO("ensemble squared error " << ensemble_mse << ", members' mean " << member_mse);
  CHECK(ensemble_mse <= member_mse * (1 + 1e-12));
}

TEST_CASE("AceEnsemble refuses bad input") {
  const auto& s = setup();
  CHECK_THROWS_AS(AceEnsemble(std::vector<Ace>{}), ValueError);
  CHECK_THROWS_AS(AceEnsemble(std::vector<Ace>{Ace(s.task.prior, mse_pair_distance())}), ValueError);  // untrained
  AceEnsemble e = three_members();
  CHECK_THROWS_AS(e.set_disagreement_penalty(-1), ValueError);
  CHECK_THROWS_AS(e.set_disagreement_penalty(NAN), ValueError);
  CHECK_THROWS_AS(e.member(3), ValueError);
  CHECK_THROWS_AS(e.cost(MatrixD::Zero(4, 2), s.x_o), ShapeError);
  CHECK_THROWS_AS(e.cost(s.grid, RowVectorD::Zero(2)), ShapeError);
  CHECK_THROWS_AS(e.posterior(s.x_o, 0.0), ValueError);
  CHECK_THROWS_AS(AceEnsemble::train(s.task.prior, mse_pair_distance(), AceSettings{}, 0, s.theta, s.x,
                                     MatrixD(0, 1), short_training()),
                  ValueError);
  // Members of different tasks (θ dimensions) cannot form one ensemble.
  const sim::Task two = sim::make_task("two_moons");
  const MatrixD theta2 = two.sample_prior(100, 1);
  nn::TrainSettings t = short_training();
  t.max_epochs = 1;
  const AceEnsemble other = AceEnsemble::train(two.prior, mse_pair_distance(), AceSettings{}, 1, theta2,
                                               two.simulate(theta2, 2), MatrixD(0, 2), t);
  CHECK_THROWS_AS(AceEnsemble(std::vector<Ace>{e.member(0), other.member(0)}), ShapeError);
}
