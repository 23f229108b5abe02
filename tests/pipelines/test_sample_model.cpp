// `sbi sample` as a library call (pipelines/sample_model.hpp): a model saved by train_and_save
// sampled for an observation gives the asked number of draws inside the prior's support, the
// same draws for the same seed, and refuses --beta or an ensemble for a model that is not ACE.
#include <doctest/doctest.h>

#include <string>

#include "core/csv.hpp"
#include "pipelines/sample_model.hpp"
#include "pipelines/train_method.hpp"
#include "pipelines/training_set.hpp"
#include "sequential/restriction_file.hpp"
#include "simulators/tasks.hpp"
#include "short_chains.hpp"
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

// Single-round methods on restricted simulations (sbi train|run|benchmark --restrict with nle,
// nre*, npe; sbi train|run with ace): two_moons with "x0 >= 0" declared valid (about half the prior). The trained method's
// posterior samples under the restricted prior p̃, in process (train_method) and from the saved
// file (train_and_save writes p̃'s classifier; sample_model reads it): every draw lies in p̃'s
// region (with the task's prior instead, 113–130 of the 200 draws fall outside it).
TEST_CASE("single-round NLE, NPE and ACE trained on restricted simulations sample under the restricted prior") {
  const sim::Task task = sim::make_task("two_moons");
  const Log quiet(Verbosity::Quiet);
  inference::RestrictedSimulationSettings restriction;
  restriction.first = 200;
  restriction.rule = inference::parse_validity_rule("x0>=0");
  const TrainingSet set = simulate_training_set(task, 600, 2, restriction, quiet);
  REQUIRE(set.restricted);
  const auto inside = [&](const MatrixD& draws) {
    Index n = 0;
    for (Index i = 0; i < draws.rows(); ++i) n += set.restricted->in_support_one(draws.row(i).data()) ? 1 : 0;
    return n;
  };
  Index valid_row = 0;
  while (set.x(valid_row, 0) < 0) ++valid_row;
  const RowVectorD x_o = set.x.row(valid_row);
  for (const std::string method : {"nle", "npe"}) {
    CAPTURE(method);
    MethodJob job;
    job.method = method;
    job.training.max_epochs = 3;
    job.mcmc = test::short_chains();
    job.restricted = set.restricted;
    const MatrixD draws = train_method(job, task, set.theta, set.x, quiet)->posterior(x_o)->sample(200, 5);
    CHECK(inside(draws) == draws.rows());

    TrainJobSettings t;
    t.method = method;
    t.training.max_epochs = 3;
    t.out = (test::scratch_dir() / ("restricted_" + method + ".sbi")).string();
    train_and_save(t, task, set.theta, set.x, quiet, set.restricted);
    CHECK(inference::has_restriction(nn::load_archive(t.out)));
    const std::string obs = (test::scratch_dir() / "restricted_obs.csv").string();
    write_csv(obs, MatrixD(x_o));
    SampleModelSettings s;
    s.models = t.out;
    s.observation = obs;
    s.num = 200;
    s.seed = 6;
    s.mcmc = job.mcmc;
    s.out = (test::scratch_dir() / ("restricted_" + method + ".csv")).string();
    CHECK(sample_model(s, quiet) == 200);
    const MatrixD from_file = read_csv_matrix(s.out);
    CHECK(inside(from_file) == from_file.rows());
  }
  // ACE: the model file holds the classifier and its GBI posterior samples under p̃.
  TrainJobSettings t;
  t.method = "ace";
  t.training.max_epochs = 3;
  t.out = (test::scratch_dir() / "restricted_ace.sbi").string();
  train_and_save(t, task, set.theta, set.x, quiet, set.restricted);
  CHECK(inference::has_restriction(nn::load_archive(t.out)));
  SampleModelSettings s;
  s.models = t.out;
  s.observation = (test::scratch_dir() / "restricted_obs.csv").string();
  s.num = 200;
  s.seed = 6;
  s.beta = 10.0;
  s.mcmc = test::short_chains();
  s.out = (test::scratch_dir() / "restricted_ace.csv").string();
  CHECK(sample_model(s, quiet) == 200);
  const MatrixD ace_draws = read_csv_matrix(s.out);
  CHECK(inside(ace_draws) == ace_draws.rows());
}
