// `sbi sample` as a library call (pipelines/sample_model.hpp): a model saved by train_and_save
// sampled for an observation gives the asked number of draws inside the prior's support, the
// same draws for the same seed, and refuses --beta or an ensemble for a model that is not ACE.
#include <doctest/doctest.h>

#include <string>

#include "core/csv.hpp"
#include "pipelines/sample_model.hpp"
#include "pipelines/train_method.hpp"
#include "simulators/tasks.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::pipelines;

TEST_CASE("sample_model: a saved NPE model's draws, the same for the same seed; --beta refused") {
  const sim::Task task = sim::make_task("two_moons");
  const Log quiet(Verbosity::Quiet);
  const SimulationSet set = simulate_from_prior(task, 200, 5, quiet);
  TrainJobSettings t;
  t.method = "npe";
  t.training.max_epochs = 2;
  t.out = (test::scratch_dir() / "sample_model_npe.sbi").string();
  train_and_save(t, task, set.theta, set.x, quiet);
  const std::string obs = (test::scratch_dir() / "sample_model_obs.csv").string();
  write_csv(obs, MatrixD(set.x.topRows(1)));
  SampleModelSettings s;
  s.models = t.out;
  s.observation = obs;
  s.num = 50;
  s.seed = 9;
  s.out = (test::scratch_dir() / "sample_model_a.csv").string();
  CHECK(sample_model(s, quiet) == 50);
  const MatrixD a = read_csv_matrix(s.out);
  s.out = (test::scratch_dir() / "sample_model_b.csv").string();
  sample_model(s, quiet);
  CHECK(read_csv_matrix(s.out) == a);
  CHECK(a.rows() == 50);
  CHECK(a.cols() == 2);
  CHECK(a.cwiseAbs().maxCoeff() <= 1.0);  // two_moons' prior: U(-1, 1)²
  s.beta = 10.0;
  CHECK_THROWS_WITH_AS(sample_model(s, quiet), doctest::Contains("--beta applies to ACE models"), SettingsError);
  s.beta.reset();
  s.models = t.out + "," + t.out;
  CHECK_THROWS_AS(sample_model(s, quiet), SettingsError);
}
