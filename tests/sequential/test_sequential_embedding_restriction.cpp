// The multi-round driver with an embedding net and with a restriction (sequential.hpp,
// round_restriction.hpp).
// Embedding: x is a noisy repeated series, x_t = θ_(t mod 2) + σ·ε_t for t < 20 with σ² = 2.5, so
// each component is observed 10 times and θ_j | x ~ N(0.8·x̄_j, 0.2), x̄_j the mean of its 10
// values: the conjugate posterior of conjugate_gaussian.hpp at (x̄_0, x̄_1), with its tolerances.
// The estimator sees the 20 values only through the embedding, which must learn the two means.
// Restriction: x = θ + 0.2·ε on the box [-1, 1]², NaN when θ₀ > 0.5, observed near that border,
// so the posterior at x_o lies against the invalid region and an unrestricted proposal leaks
// into it; the restricted runs must waste at most half as many later-round simulations.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "flows/mdn.hpp"
#include "sequential/round_restriction.hpp"
#include "sequential/sequential.hpp"
#include "conjugate_gaussian.hpp"
#include "simulators/function_simulator.hpp"
#include "simulators/prior_box_uniform.hpp"

using namespace sbi;
using namespace sbi::inference;
using namespace sbi::test;

namespace {

constexpr int kSteps = 20;
const double kSeriesNoise = std::sqrt(2.5);  // 10 repeats: posterior precision 1 + 10/2.5 = 5

SimulateFn series_simulator() {
  auto sim = std::make_shared<sim::FunctionSimulator>(2, kSteps, [](const double* theta, double* x, Rng& rng) {
    for (int t = 0; t < kSteps; ++t) x[t] = theta[t % 2] + kSeriesNoise * rng.normal();
  });
  return [sim](const MatrixD& theta, std::uint64_t seed) { return sim->simulate(theta, seed); };
}

// The means of the even and odd steps: the sufficient statistics of the series.
RowVectorD series_means(const RowVectorD& x) {
  RowVectorD m = RowVectorD::Zero(2);
  for (int t = 0; t < kSteps; ++t) m(t % 2) += x(t) / (kSteps / 2);
  return m;
}

SequentialSettings settings(SequentialMethod method, int rounds, int max_epochs, const std::string& embedding) {
  SequentialSettings o = quick_sequential_settings(method, rounds, max_epochs, 5);
  if (!embedding.empty()) o.embedding = nn::parse_embedding_spec(embedding);
  return o;
}

// x = θ + 0.2·noise, NaN when θ₀ > 0.5.
SimulateFn bordered_simulator() {
  auto sim = std::make_shared<sim::FunctionSimulator>(2, 2, [](const double* theta, double* x, Rng& rng) {
    x[0] = theta[0] > 0.5 ? std::numeric_limits<double>::quiet_NaN() : theta[0] + 0.2 * rng.normal();
    x[1] = theta[1] + 0.2 * rng.normal();
  });
  return [sim](const MatrixD& theta, std::uint64_t seed) { return sim->simulate(theta, seed); };
}

SequentialRestrictionSettings finite_rule() {
  SequentialRestrictionSettings r;
  r.rule = parse_validity_rule("finite");
  r.classifier.training.progress = false;
  r.classifier.training.max_epochs = 300;
  r.classifier.training.adam.learning_rate = 2e-3;
  return r;
}

Index wasted_after_round_one(const SequentialResult& r) {
  Index n = 0;
  for (std::size_t k = 1; k < r.rounds.size(); ++k) n += r.rounds[k].dropped;
  return n;
}

}  // namespace

TEST_CASE("SNPE-C with a GRU embedding recovers the posterior of a noisy repeated series") {
  const RowVectorD x_o = series_simulator()((RowVectorD(2) << 0.6, -0.4).finished(), 17);
  const SequentialResult r = run_sequential(standard_normal_prior(), series_simulator(), x_o, 2000,
                                            settings(SequentialMethod::snpe_c, 2, 400, "gru:hidden=16:out=4"));
  check_moments(r.posterior->sample(4000, 3), series_means(x_o));
}

TEST_CASE("embeddings in the rounds: bit-identical with 1 and 2 threads (SNPE-C gru, SNPE-A, SNRE, SNLE)") {
  const RowVectorD x_o = series_simulator()((RowVectorD(2) << 0.3, 0.2).finished(), 4);
  const std::pair<SequentialMethod, const char*> runs[] = {{SequentialMethod::snpe_c, "gru:hidden=8:out=4"},
                                                           {SequentialMethod::snpe_a, "conv1d:out=4"},
                                                           {SequentialMethod::snre_a, "deepset:out=4"},
                                                           {SequentialMethod::snle, "fc:out=4"}};
  for (const auto& [method, embedding] : runs) {
    INFO(sequential_method_name(method) << " with " << embedding);
    SequentialSettings o = settings(method, 3, 3, embedding);
    if (method == SequentialMethod::snpe_a) o.estimator = "mdn:components=3";
    auto run_with = [&](int threads) {
      ThreadCountGuard g(threads);
      SequentialResult r = run_sequential(standard_normal_prior(), series_simulator(), x_o, 300, o);
      return std::make_pair(r.theta, MatrixD(r.posterior->sample(200, 1)));
    };
    const auto a = run_with(1), b = run_with(2);
    CHECK(a.first == b.first);
    CHECK(a.second == b.second);
    CHECK(a.second.allFinite());
  }
}

TEST_CASE("MDN expansion carries the embedding net: without perturbation the density is kept") {
  auto prior = standard_normal_prior();
  const nn::EmbeddingSpec fc = nn::parse_embedding_spec("fc:out=3");
  PosteriorEstimator one = PosteriorEstimator::build("mdn:components=1", prior, ThetaSpace::constrained, 6, 5, fc);
  PosteriorEstimator many = PosteriorEstimator::build("mdn:components=4", prior, ThetaSpace::constrained, 6, 6, fc);
  const MatrixF y = MatrixF::Random(40, 2), c = MatrixF::Random(40, 6);
  one.flow().fit_standardizers(y, c);
  const MatrixD theta = y.topRows(10).cast<double>();
  const VectorD direct = one.log_prob(theta, c.topRows(1));
  auto& wide = dynamic_cast<flows::MDN&>(many.flow());
  wide.expand_from(dynamic_cast<flows::MDN&>(one.flow()), 0.0, 1);
  const VectorD expanded = many.log_prob(theta, c.topRows(1));
  for (Index i = 0; i < theta.rows(); ++i) CHECK(expanded(i) == doctest::Approx(direct(i)).epsilon(1e-4));
  PosteriorEstimator plain = PosteriorEstimator::build("mdn:components=4", prior, ThetaSpace::constrained, 6, 6);
  CHECK_THROWS_AS(dynamic_cast<flows::MDN&>(plain.flow()).expand_from(dynamic_cast<flows::MDN&>(one.flow()), 0.0, 1),
                  ValueError);
}

TEST_CASE("restriction in the rounds: fewer wasted simulations after round 1, posterior inside the valid region") {
  auto prior = std::make_shared<sim::BoxUniformPrior>(2, -1.0, 1.0);
  const RowVectorD x_o = (RowVectorD(2) << 0.4, 0.0).finished();
  for (SequentialMethod m : {SequentialMethod::snpe_c, SequentialMethod::snle}) {
    INFO(sequential_method_name(m));
    SequentialSettings plain = settings(m, 3, 30, "");
    SequentialSettings restricted = plain;
    restricted.restriction = finite_rule();
    const SequentialResult a = run_sequential(prior, bordered_simulator(), x_o, 1500, plain);
    const SequentialResult b = run_sequential(prior, bordered_simulator(), x_o, 1500, restricted);
    REQUIRE(b.restricted_prior != nullptr);
    CHECK(a.restricted_prior == nullptr);
    // Round 1 is the same prior draw in both: a quarter of it is invalid (binomial sd 0.019).
    CHECK(a.rounds[0].dropped == b.rounds[0].dropped);
    CHECK(std::abs(double(b.rounds[0].dropped) / 500.0 - 0.25) < 0.1);
    const Index wasted_plain = wasted_after_round_one(a), wasted_restricted = wasted_after_round_one(b);
    MESSAGE(sequential_method_name(m) << ": wasted in rounds 2-3 without restriction " << wasted_plain << " of 1000, with "
                                      << wasted_restricted);
    CHECK(wasted_plain >= 20);
    CHECK(2 * wasted_restricted <= wasted_plain);
    CHECK(b.theta.rows() == 1500 - b.rounds[0].dropped - wasted_restricted);
    const MatrixD draws = b.posterior->sample(500, 2);
    for (bool inside : b.restricted_prior->in_support(draws)) CHECK(inside);
  }
}

TEST_CASE("restriction in the rounds: bit-identical with 1 and 2 threads (SNPE-C, SNPE-B, SNRE-C); refusals") {
  auto prior = std::make_shared<sim::BoxUniformPrior>(2, -1.0, 1.0);
  const RowVectorD x_o = (RowVectorD(2) << 0.4, 0.0).finished();
  SequentialSettings o;
  for (SequentialMethod m : {SequentialMethod::snpe_c, SequentialMethod::snpe_b, SequentialMethod::snre_c}) {
    INFO(sequential_method_name(m));
    o = settings(m, 2, 3, "");
    o.restriction = finite_rule();
    o.restriction->classifier.training.max_epochs = 20;
    auto run_with = [&](int threads) {
      ThreadCountGuard g(threads);
      SequentialResult r = run_sequential(prior, bordered_simulator(), x_o, 400, o);
      return std::make_pair(r.theta, MatrixD(r.posterior->sample(200, 1)));
    };
    const auto a = run_with(1), b = run_with(2);
    CHECK(a.first == b.first);
    CHECK(a.second == b.second);
    CHECK((a.first.col(0).array() <= 0.5).all());  // only valid rows are stored
  }
  o.method = SequentialMethod::snpe_c;

  int calls = 0;
  const SimulateFn counted = [&calls](const MatrixD& theta, std::uint64_t seed) {
    ++calls;
    return bordered_simulator()(theta, seed);
  };
  SequentialSettings one_round = o;
  one_round.rounds = 1;
  CHECK_THROWS_WITH_AS(run_sequential(prior, counted, x_o, 400, one_round), doctest::Contains("at least 2"), ValueError);
  SequentialSettings snpe_a = o;
  snpe_a.method = SequentialMethod::snpe_a;
  snpe_a.estimator = "mdn";
  CHECK_THROWS_WITH_AS(run_sequential(prior, counted, x_o, 400, snpe_a), doctest::Contains("snpe-a"), ValueError);
  SequentialSettings rule = o;
  rule.restriction->rule = parse_validity_rule("x0>=0.5");
  CHECK_THROWS_WITH_AS(run_sequential(prior, counted, x_o, 400, rule), doctest::Contains("breaks the --restrict rule"),
                       ValueError);
  rule.restriction->rule = parse_validity_rule("x5>=0");  // x has 2 columns
  CHECK_THROWS_AS(run_sequential(prior, counted, x_o, 400, rule), ShapeError);
  CHECK(calls == 0);
}
