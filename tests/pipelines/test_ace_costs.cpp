// `sbi cost` as a library call (pipelines/ace_costs.hpp): a saved ACE network evaluated at θ
// rows for observation rows writes one finite, non-negative cost per pair (a distance's
// expectation), the same twice; λ < 0 and a model that is not ACE are refused.
#include <doctest/doctest.h>

#include <string>

#include "core/csv.hpp"
#include "pipelines/ace_costs.hpp"
#include "pipelines/job.hpp"
#include "pipelines/train_method.hpp"
#include "simulators/tasks.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::pipelines;

TEST_CASE("evaluate_ace_costs: one cost per (observation, θ), the same twice; refusals") {
  const sim::Task task = sim::make_task("two_moons");
  const Log quiet(Verbosity::Quiet);
  const SimulationSet set = simulate_from_prior(task, 200, 6, quiet);
  TrainJobSettings t;
  t.method = "ace";
  t.training.max_epochs = 2;
  t.out = (test::scratch_dir() / "ace_costs_model.sbi").string();
  train_and_save(t, task, set.theta, set.x, quiet);
  AceCostSettings s;
  s.models = t.out;
  s.theta = (test::scratch_dir() / "ace_costs_theta.csv").string();
  s.observation = (test::scratch_dir() / "ace_costs_obs.csv").string();
  write_csv(s.theta, MatrixD(set.theta.topRows(3)));
  write_csv(s.observation, MatrixD(set.x.topRows(2)));
  s.out = (test::scratch_dir() / "ace_costs_a.csv").string();
  const AceCostResult r = evaluate_ace_costs(s);
  CHECK(r.rows == 6);
  CHECK(r.networks == 1);
  const MatrixD a = read_csv_matrix(s.out);
  REQUIRE(a.rows() == 6);
  CHECK(a.col(2).allFinite());
  CHECK(a.col(2).minCoeff() >= 0.0);
  s.out = (test::scratch_dir() / "ace_costs_b.csv").string();
  evaluate_ace_costs(s);
  CHECK(read_csv_matrix(s.out) == a);
  s.ace_disagreement = -1.0;
  CHECK_THROWS_AS(evaluate_ace_costs(s), SettingsError);
}
