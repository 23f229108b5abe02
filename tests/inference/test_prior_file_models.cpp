// Models trained on a prior file's prior record it in their tag (simulators/model_tag.hpp):
// the prior and parameter names come back from the model file alone, and the model loads and
// samples with that rebuilt prior, for a method of each kind (NPE, and ACE with its distance).
#include <doctest/doctest.h>

#include "inference/ace.hpp"
#include "inference/method.hpp"
#include "simulators/model_tag.hpp"
#include "test_support.hpp"

using namespace sbi;

namespace {

const char* kPrior = R"({"parameters": [
  {"name": "mu", "distribution": "normal", "mean": 0, "std": 1},
  {"name": "scale", "distribution": "lognormal", "mu": 0, "sigma": 0.3}]})";

// x = (mu + 0.1 ε, scale): a well-posed toy problem.
MatrixD simulate(const MatrixD& theta, std::uint64_t seed) {
  MatrixD noise = sim::parse_prior_json(R"({"parameters": [{"name": "e", "distribution": "normal", "mean": 0, "std": 0.1}]})")
                      .prior->sample(theta.rows(), seed);
  MatrixD x = theta;
  x.col(0) += noise.col(0);
  return x;
}

}  // namespace

TEST_CASE("prior-file models: the model file alone rebuilds the prior (npe and ace)") {
  const sim::PriorFile prior = sim::parse_prior_json(kPrior, "test prior");
  const sim::Task task = sim::make_prior_task(prior, nullptr, {"x1", "x2"});
  const MatrixD theta = prior.prior->sample(400, 1);
  const MatrixD x = simulate(theta, 2);
  RowVectorD x_o(2);
  x_o << 0.5, 1.1;

  inference::MethodSettings settings;
  settings.training.max_epochs = 3;
  auto npe = inference::make_method("npe", task.prior, settings);
  npe->append_simulations(theta, x);
  npe->train();
  const auto npe_path = (test::scratch_dir() / "prior_file_npe.sbi").string();
  npe->save(npe_path, sim::model_tag(task));
  const inference::ModelFileInfo info = inference::peek_model_file(npe_path);
  const sim::Task rebuilt = sim::task_from_model_tag(info.tag);
  CHECK(rebuilt.parameter_names == prior.names);
  CHECK(rebuilt.prior_json == prior.json);
  const MatrixD draws = inference::load_method(npe_path, rebuilt.prior)->posterior(x_o)->sample(50, 3);
  CHECK(draws.cols() == 2);
  CHECK((draws.col(1).array() > 0).all());  // inside the log-normal's support

  inference::Ace ace(task.prior, inference::mse_pair_distance());
  ace.append_simulations(theta, x);
  nn::TrainSettings t = inference::ace_reference_training();
  t.max_epochs = 2;
  ace.train(t);
  const auto ace_path = (test::scratch_dir() / "prior_file_ace.sbi").string();
  ace.save(ace_path, sim::model_tag(task));
  std::string tag;
  const inference::Ace loaded = inference::Ace::load(ace_path, sim::task_from_model_tag(inference::Ace::peek_tag(ace_path)).prior, &tag);
  CHECK(tag == sim::model_tag(task));
  MatrixD at = theta.topRows(5);
  CHECK((loaded.cost(at, x_o) - ace.cost(at, x_o)).cwiseAbs().maxCoeff() < 1e-6);
}
