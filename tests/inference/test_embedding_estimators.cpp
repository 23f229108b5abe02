// Embedding nets wired into the estimators: NPE with a GRU and with conv1d on a short time
// series, NRE-A with a GRU, NLE with an fc embedding of θ (its condition, as sbi). Each learns
// the posterior location and survives save and load (identical densities / ratios).
// Toy: θ ~ U(−1, 1)², x_t = θ₀ + θ₁·(t/L − 1/2) + 0.1·ε_t for t < L = 16. The least-squares
// posterior sd is about 0.1/√16 = 0.025 for θ₀ and 0.1/√(16/12) ≈ 0.09 for θ₁, so a posterior
// mean within 0.25 of θ* (2.8 sd of θ₁, below half the prior sd 0.58) shows the net read the
// series; a short training run (2000 sims, at most 60 epochs) gets there comfortably.
#include <doctest/doctest.h>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "inference/ace.hpp"
#include "inference/method.hpp"
#include "inference/nle.hpp"
#include "inference/npe.hpp"
#include "inference/nre.hpp"
#include "simulators/function_simulator.hpp"
#include "simulators/prior_box_uniform.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::inference;

namespace {

constexpr Index kLength = 16;

sim::FunctionSimulator series_simulator() {
  return sim::FunctionSimulator(2, kLength, [](const double* theta, double* x, Rng& rng) {
    for (Index t = 0; t < kLength; ++t)
      x[t] = theta[0] + theta[1] * (double(t) / double(kLength) - 0.5) + 0.1 * rng.normal();
  });
}

struct Toy {
  sim::PriorPtr prior = std::make_shared<sim::BoxUniformPrior>(2, -1.0, 1.0);
  MatrixD theta, x;
  RowVectorD theta_o, x_o;
  Toy() {
    const auto simulator = series_simulator();
    theta = prior->sample(2000, 1);
    x = simulator.simulate(theta, 2);
    theta_o = RowVectorD(2);
    theta_o << 0.3, -0.4;
    x_o = simulator.simulate(MatrixD(theta_o), 3).row(0);
  }
};

nn::TrainSettings short_training() {
  nn::TrainSettings t;
  t.max_epochs = 60;
  t.progress = false;
  t.adam.learning_rate = 2e-3;
  return t;
}

std::string scratch(const char* name) { return (sbi::test::scratch_dir() / name).string(); }

}  // namespace

TEST_CASE("NPE with a GRU or conv1d embedding of x: learns the posterior, saved and loaded") {
  const Toy toy;
  for (const char* spec : {"gru:hidden=16:out=4", "conv1d:out=4:hidden=16:layers=1:conv_channels=4"}) {
    CAPTURE(spec);
    NpeSettings options;
    options.seed = 5;
    options.embedding = nn::parse_embedding_spec(spec);
    Npe npe(toy.prior, options);
    npe.append_simulations(toy.theta, toy.x);
    npe.train(short_training());
    const auto posterior = npe.posterior(toy.x_o);
    const MatrixD draws = posterior->sample(2000, 7);
    const RowVectorD mean = draws.colwise().mean();
    MESSAGE(std::string(spec) << ": posterior mean " << mean << " (truth 0.3, -0.4)");
    CHECK((mean - toy.theta_o).cwiseAbs().maxCoeff() < 0.25);
    const std::string path = scratch("npe_embedding.sbi");
    npe.save(path, "toy");
    const Npe loaded = Npe::load(path, toy.prior);
    CHECK(loaded.estimator().flow().config().embedding().str() == options.embedding.str());
    CHECK(loaded.posterior(toy.x_o)->log_prob(draws.topRows(5)) == posterior->log_prob(draws.topRows(5)));
  }
}

TEST_CASE("NRE-A with a GRU embedding of x: learns the posterior, saved and loaded") {
  const Toy toy;
  NreSettings options;
  options.seed = 6;
  // (With hidden=16:out=4, as for NPE above, this short run left θ₁ at its prior mean: the
  // classifier's signal about the slope is weaker than the flow's likelihood.)
  options.embedding = nn::parse_embedding_spec("gru:hidden=32:out=8");
  Nre nre(toy.prior, options);
  nre.append_simulations(toy.theta, toy.x);
  nn::TrainSettings training = short_training();
  training.max_epochs = 200;  // the classifier's logit sharpens more slowly than a flow's fit
  const auto result = nre.train(training);
  MESSAGE("NRE-A gru: " << result.epochs.size() << " epochs");
  McmcSettings mcmc;
  mcmc.num_chains = 20;
  mcmc.warmup_steps = 100;
  const MatrixD draws = nre.posterior(toy.x_o, mcmc)->sample(1000, 8);
  const RowVectorD mean = draws.colwise().mean();
  MESSAGE("NRE-A gru: posterior mean " << mean << " (truth 0.3, -0.4)");
  CHECK((mean - toy.theta_o).cwiseAbs().maxCoeff() < 0.25);
  const std::string path = scratch("nre_embedding.sbi");
  nre.save(path, "toy");
  const Nre loaded = Nre::load(path, toy.prior);
  CHECK(loaded.options().embedding.str() == options.embedding.str());
  CHECK(loaded.log_ratio(draws.topRows(5), toy.x_o) == nre.log_ratio(draws.topRows(5), toy.x_o));
  // A file written without an embedding reads back without one.
  Nre plain(toy.prior, NreSettings{});
  plain.append_simulations(toy.theta.topRows(200), toy.x.topRows(200));
  nn::TrainSettings one = short_training();
  one.max_epochs = 1;
  plain.train(one);
  plain.save(path, "toy");
  CHECK_FALSE(Nre::load(path, toy.prior).options().embedding.enabled());
}

TEST_CASE("NLE: the embedding applies to θ, the flow's condition (as sbi); make_method passes it on") {
  const Toy toy;
  NleSettings options;
  options.seed = 9;
  options.embedding = nn::parse_embedding_spec("fc:out=4:hidden=16");
  Nle nle(toy.prior, options);
  nle.append_simulations(toy.theta.topRows(500), toy.x.topRows(500));
  nn::TrainSettings t = short_training();
  t.max_epochs = 3;
  nle.train(t);
  const std::string path = scratch("nle_embedding.sbi");
  nle.save(path, "toy");
  const Nle loaded = Nle::load(path, toy.prior);
  CHECK(loaded.log_likelihood(toy.theta.topRows(5), toy.x_o) == nle.log_likelihood(toy.theta.topRows(5), toy.x_o));
  // A GRU of θ (2 values) is legal but a conv1d whose pooling cannot divide θ's length is not.
  options.embedding = nn::parse_embedding_spec("conv1d:pool=4");
  Nle bad(toy.prior, options);
  bad.append_simulations(toy.theta.topRows(20), toy.x.topRows(20));
  CHECK_THROWS_AS(bad.train(t), ValueError);

  MethodSettings s;
  s.embedding = nn::parse_embedding_spec("gru:hidden=8:out=3");
  s.training = t;
  for (const char* name : {"npe", "nre-c"}) {
    auto method = make_method(name, toy.prior, s);
    method->append_simulations(toy.theta.topRows(300), toy.x.topRows(300));
    method->train();
    method->save(path, "toy");
    auto back = load_method(path, toy.prior, s);
    CHECK(back->name() == name);
  }
}

TEST_CASE("ACE with a GRU embedding of x: the learned cost is smallest near θ*, saved and loaded") {
  const Toy toy;
  AceSettings options;
  options.seed = 10;
  options.embedding = nn::parse_embedding_spec("gru:hidden=16:out=4");
  Ace ace(toy.prior, mse_pair_distance(), options);
  ace.append_simulations(toy.theta, toy.x);
  ace.train(short_training());
  // The expected MSE distance at θ is 2·0.1² + the mean squared gap of the noise-free series,
  // which grows as θ leaves θ*; compare θ* with a θ 0.5 away in θ₀ (a gap of 0.25 per value).
  MatrixD probe(2, 2);
  probe << 0.3, -0.4, -0.2, -0.4;
  const VectorD cost = ace.cost(probe, toy.x_o);
  MESSAGE("ACE gru: cost at θ* " << cost(0) << ", 0.5 away " << cost(1));
  CHECK(cost(0) < 0.1);   // 0.02 at the optimum
  CHECK(cost(1) > 0.15);  // 0.27 at the optimum
  const std::string path = scratch("ace_embedding.sbi");
  ace.save(path, "toy");
  const Ace loaded = Ace::load(path, toy.prior, mse_pair_distance());
  CHECK(loaded.cost(probe, toy.x_o) == cost);
  CHECK(loaded.options().embedding.str() == options.embedding.str());
}

TEST_CASE("NPE and NRE with a GRU embedding: the same weights for any thread count") {
  const Toy toy;
  nn::TrainSettings t = short_training();
  t.max_epochs = 3;
  MatrixD probe = toy.theta.topRows(4);
  auto npe_log_prob = [&](int threads) {
    ThreadCountGuard guard(threads);
    NpeSettings options;
    options.embedding = nn::parse_embedding_spec("gru:hidden=8:out=3");
    Npe npe(toy.prior, options);
    npe.append_simulations(toy.theta.topRows(600), toy.x.topRows(600));
    npe.train(t);
    return npe.posterior(toy.x_o)->log_prob(probe);
  };
  CHECK(npe_log_prob(1) == npe_log_prob(2));
  auto nre_log_ratio = [&](int threads) {
    ThreadCountGuard guard(threads);
    NreSettings options;
    options.embedding = nn::parse_embedding_spec("gru:hidden=8:out=3");
    Nre nre(toy.prior, options);
    nre.append_simulations(toy.theta.topRows(600), toy.x.topRows(600));
    nre.train(t);
    return nre.log_ratio(probe, toy.x_o);
  };
  CHECK(nre_log_ratio(1) == nre_log_ratio(2));
}
