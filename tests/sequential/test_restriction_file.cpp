// A restriction saved with a model (restriction_file.hpp): a restricted multi-round model loads
// back under the same restricted prior (same acceptance rate, same classifier, the same seeded
// posterior draws as the run that saved it, all inside the region); a model without one loads
// under the plain prior; a damaged restriction is refused with an IOError naming the file.
// Toy: x = θ + 0.2·ε on the box [-1, 1]², NaN when θ₀ > 0.5.
#include <doctest/doctest.h>

#include <limits>

#include "core/errors.hpp"
#include "inference/method.hpp"
#include "sequential/restriction_file.hpp"
#include "sequential/sequential.hpp"
#include "conjugate_gaussian.hpp"
#include "simulators/function_simulator.hpp"
#include "simulators/prior_box_uniform.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::inference;

namespace {

SimulateFn bordered_simulator() {
  auto sim = std::make_shared<sim::FunctionSimulator>(2, 2, [](const double* theta, double* x, Rng& rng) {
    x[0] = theta[0] > 0.5 ? std::numeric_limits<double>::quiet_NaN() : theta[0] + 0.2 * rng.normal();
    x[1] = theta[1] + 0.2 * rng.normal();
  });
  return [sim](const MatrixD& theta, std::uint64_t seed) { return sim->simulate(theta, seed); };
}

SequentialSettings restricted_settings(SequentialMethod method) {
  SequentialSettings o = test::quick_sequential_settings(method, 2, 20, 5);
  SequentialRestrictionSettings r;
  r.rule = parse_validity_rule("finite");
  r.classifier.training.progress = false;
  r.classifier.training.max_epochs = 200;
  r.classifier.training.adam.learning_rate = 2e-3;
  o.restriction = r;
  return o;
}

// A restricted run's model file, and the run.
struct SavedRun {
  SequentialResult result;
  std::string path;
};

SavedRun saved_run(SequentialMethod method, const sim::PriorPtr& prior) {
  const RowVectorD x_o = (RowVectorD(2) << 0.3, 0.0).finished();
  SavedRun run{run_sequential(prior, bordered_simulator(), x_o, 600, restricted_settings(method)),
               (test::scratch_dir() / ("restricted_" + sequential_method_name(method) + ".sbi")).string()};
  run.result.save_model(run.path, "toy");
  return run;
}

}  // namespace

TEST_CASE("a restricted multi-round model loads under its restricted prior: same draws as the run, inside the region") {
  auto prior = std::make_shared<sim::BoxUniformPrior>(2, -1.0, 1.0);
  const RowVectorD x_o = (RowVectorD(2) << 0.3, 0.0).finished();
  for (SequentialMethod m : {SequentialMethod::snpe_c, SequentialMethod::snle}) {
    INFO(sequential_method_name(m));
    const SavedRun run = saved_run(m, prior);
    REQUIRE(run.result.restricted_prior != nullptr);
    const nn::ModelArchive archive = nn::load_archive(run.path);
    CHECK(has_restriction(archive));
    const sim::PriorPtr loaded = model_prior(archive, prior);
    const auto* restricted = dynamic_cast<const RestrictedPrior*>(loaded.get());
    REQUIRE(restricted != nullptr);
    CHECK(restricted->acceptance_rate() == run.result.restricted_prior->acceptance_rate());
    const MatrixD probe = prior->sample(500, 9);
    CHECK(restricted->classifier().probability_valid(probe) ==
          run.result.restricted_prior->classifier().probability_valid(probe));
    CHECK(restricted->sample(200, 4) == run.result.restricted_prior->sample(200, 4));
    // The loaded model's posterior is the run's own, draw for draw.
    MethodSettings same_sampler;
    same_sampler.mcmc = restricted_settings(m).mcmc;
    const MatrixD draws = load_method(run.path, loaded, same_sampler)->posterior(x_o)->sample(300, 7);
    CHECK(draws == run.result.posterior->sample(300, 7));
    for (bool inside : restricted->in_support(draws)) CHECK(inside);
  }
}

TEST_CASE("model_prior: a model without a restriction keeps the plain prior") {
  auto prior = std::make_shared<sim::BoxUniformPrior>(2, -1.0, 1.0);
  const RowVectorD x_o = (RowVectorD(2) << 0.3, 0.0).finished();
  SequentialSettings o = test::quick_sequential_settings(SequentialMethod::snpe_c, 2, 5, 5);
  const auto simulate = [](const MatrixD& theta, std::uint64_t) { return MatrixD(theta); };
  const SequentialResult r = run_sequential(prior, simulate, x_o, 200, o);
  const std::string path = (test::scratch_dir() / "unrestricted_snpe-c.sbi").string();
  r.save_model(path, "toy");
  CHECK_FALSE(has_restriction(nn::load_archive(path)));
  CHECK(model_prior(path, prior) == prior);
}

TEST_CASE("model_prior: a damaged restriction is refused with an IOError naming the file") {
  auto prior = std::make_shared<sim::BoxUniformPrior>(2, -1.0, 1.0);
  const SavedRun run = saved_run(SequentialMethod::snpe_c, prior);
  const nn::ModelArchive good = nn::load_archive(run.path);
  auto tensor = [](nn::ModelArchive& a, const std::string& name) -> MatrixD& {
    for (auto& t : a.tensors)
      if (t.name == name) return t.d;
    FAIL("no tensor " << name);
    throw;
  };
  using Damage = std::function<void(nn::ModelArchive&)>;
  const std::pair<const char*, Damage> damages[] = {
      {"threshold above 1", [&](nn::ModelArchive& a) { tensor(a, "restriction.settings")(0, 0) = 2.0; }},
      {"too many calibration draws", [&](nn::ModelArchive& a) { tensor(a, "restriction.settings")(0, 1) = 1e12; }},
      {"a seed half that is not an integer", [&](nn::ModelArchive& a) { tensor(a, "restriction.settings")(0, 3) = 0.5; }},
      {"sd 0", [&](nn::ModelArchive& a) { tensor(a, "restriction.standardizer")(1, 0) = 0.0; }},
      {"a NaN weight", [&](nn::ModelArchive& a) {
         tensor(a, "restriction.layer0.weight")(0, 0) = std::numeric_limits<double>::quiet_NaN();
       }},
      {"a layer wider than the limit", [&](nn::ModelArchive& a) {
         MatrixD& w = tensor(a, "restriction.layer0.weight");
         w = MatrixD::Zero(RestrictionSettings::kMaxHidden + 1, w.cols());
       }},
      {"a missing bias", [&](nn::ModelArchive& a) {
         std::erase_if(a.tensors, [](const nn::NamedTensor& t) { return t.name == "restriction.layer1.bias"; });
       }},
  };
  for (const auto& [what, damage] : damages) {
    INFO(what);
    nn::ModelArchive bad = good;
    damage(bad);
    bad.source = "damaged.sbi";
    try {
      model_prior(bad, prior);
      FAIL("accepted a restriction with " << what);
    } catch (const IOError& e) {
      CHECK(std::string(e.what()).find("damaged.sbi") != std::string::npos);
    }
  }
  // A prior of another dimension is refused too (the standardizer's shape).
  CHECK_THROWS_AS(model_prior(good, std::make_shared<sim::BoxUniformPrior>(3, -1.0, 1.0)), IOError);
}
