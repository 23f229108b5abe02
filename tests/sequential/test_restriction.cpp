// Restricting the prior to valid simulations: validity rules, the classifier and restricted
// prior on a toy whose invalid region is known (x is NaN when θ₀ > 0.5), the guard against
// rejecting everything, the two-stage simulation, and thread-count invariance.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "sequential/restricted_simulation.hpp"
#include "sequential/restriction.hpp"
#include "sequential/validity_rule.hpp"
#include "simulators/function_simulator.hpp"
#include "simulators/prior_box_uniform.hpp"

using namespace sbi;
using namespace sbi::inference;

namespace {

// x = θ + 0.05·noise, NaN when θ₀ > 0.5 (a quarter of the prior's mass).
std::shared_ptr<sim::FunctionSimulator> toy_simulator() {
  return std::make_shared<sim::FunctionSimulator>(2, 2, [](const double* theta, double* x, Rng& rng) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    x[0] = theta[0] > 0.5 ? nan : theta[0] + 0.05 * rng.normal();
    x[1] = theta[1] + 0.05 * rng.normal();
  });
}

RestrictionSettings fast_options() {
  RestrictionSettings o;
  o.training.progress = false;
  o.training.max_epochs = 300;
  o.training.adam.learning_rate = 2e-3;
  return o;
}

struct Rates {
  double invalid_rejected = 0, valid_rejected = 0;
};

// Rejection rates of the restriction on fresh prior draws, split by the known region.
Rates rejection_rates(const RestrictionClassifier& c, const MatrixD& theta) {
  Index invalid = 0, invalid_rejected = 0, valid = 0, valid_rejected = 0;
  for (Index i = 0; i < theta.rows(); ++i) {
    const RowVectorD row = theta.row(i);
    const bool accepted = c.accepts(row.data());
    if (row(0) > 0.5) ++invalid, invalid_rejected += accepted ? 0 : 1;
    else ++valid, valid_rejected += accepted ? 0 : 1;
  }
  return {double(invalid_rejected) / double(invalid), double(valid_rejected) / double(valid)};
}

}  // namespace

TEST_CASE("validity rules: parsing, text form and row flags") {
  const ValidityRule finite = parse_validity_rule("finite");
  CHECK(finite.bounds.empty());
  CHECK(finite.str() == "finite");
  const ValidityRule spikes = parse_validity_rule("x0>=1,x2<0.5");
  REQUIRE(spikes.bounds.size() == 2);
  CHECK(spikes.bounds[0].column == 0);
  CHECK(spikes.bounds[0].op == Comparison::at_least);
  CHECK(spikes.bounds[1].op == Comparison::less);
  CHECK(spikes.str() == "x0>=1,x2<0.5");
  // the shortest text that reads back as the same number
  CHECK(parse_validity_rule("x1>=-0.2,x0<1e-300").str() == "x1>=-0.2,x0<1e-300");
  CHECK(parse_validity_rule(parse_validity_rule("x0>0.1").str()).bounds[0].value == 0.1);
  MatrixD x(4, 3);
  x << 2, 0, 0,  //
      0, 0, 0,   // no spike
      3, 0, 0.7, // x2 too large
      1, std::numeric_limits<double>::infinity(), 0;
  CHECK(spikes.valid_rows(x) == std::vector<bool>{true, false, false, false});
  CHECK(finite.valid_rows(x) == std::vector<bool>{true, true, true, false});
  CHECK_THROWS_AS(parse_validity_rule("x0=>1"), ValueError);
  CHECK_THROWS_AS(parse_validity_rule("y0>1"), ValueError);
  CHECK_THROWS_AS(parse_validity_rule("x0>one"), ValueError);
  CHECK_THROWS_AS(parse_validity_rule(""), ValueError);
  CHECK_THROWS_AS(parse_validity_rule("x7>1").valid_rows(x), ShapeError);
}

TEST_CASE("validity rules with a test of their own: called once per batch, combined with finiteness and bounds") {
  int calls = 0;
  ValidityRule rule = parse_validity_rule("x0>=1");
  rule.test = [&calls](const MatrixD& x) {  // "x1 at most 0"
    ++calls;
    std::vector<bool> out;
    for (Index i = 0; i < x.rows(); ++i) out.push_back(x(i, 1) <= 0);
    return out;
  };
  rule.test_name = "python:quiet";
  MatrixD x(4, 2);
  x << 2, 0,  //
      2, 1,   // fails the test
      0, 0,   // fails the bound
      std::numeric_limits<double>::quiet_NaN(), 0;
  CHECK(rule.valid_rows(x) == std::vector<bool>{true, false, false, false});
  CHECK(calls == 1);
  CHECK(rule.valid(x.row(0).eval().data(), 2));
  CHECK_FALSE(rule.valid(x.row(1).eval().data(), 2));
  CHECK(rule.str() == "x0>=1,python:quiet");
  ValidityRule only_test;
  only_test.test = rule.test;
  CHECK(only_test.str() == "test");
  only_test.test = [](const MatrixD&) { return std::vector<bool>{true}; };
  CHECK_THROWS_AS(only_test.valid_rows(x), ValueError);
}

TEST_CASE("restriction on a toy with a known invalid region: rejects >= 95% of it, few valid θ") {
  auto prior = std::make_shared<sim::BoxUniformPrior>(2, -1.0, 1.0);
  const auto simulator = toy_simulator();
  const MatrixD theta = prior->sample(2000, 1);
  const MatrixD x = simulator->simulate(theta, 2);
  const std::vector<bool> valid = ValidityRule{}.valid_rows(x);
  const auto options = fast_options();
  auto classifier = std::make_shared<const RestrictionClassifier>(RestrictionClassifier::fit(theta, valid, options));
  CHECK_FALSE(classifier->trivial());
  const Rates rates = rejection_rates(*classifier, prior->sample(20000, 3));
  MESSAGE("invalid rejected " << rates.invalid_rejected << ", valid rejected " << rates.valid_rejected
                              << ", threshold " << classifier->threshold());
  CHECK(rates.invalid_rejected >= 0.95);
  CHECK(rates.valid_rejected <= 0.05);

  const RestrictedPrior restricted(prior, classifier, options);
  // The acceptance rate is the prior mass kept: 3/4 valid, minus the valid rejected, plus the
  // invalid accepted.
  const double expected = 0.75 * (1 - rates.valid_rejected) + 0.25 * (1 - rates.invalid_rejected);
  CHECK(std::abs(restricted.acceptance_rate() - expected) < 0.02);  // 10^4 calibration draws: sd < 0.005
  const MatrixD draws = restricted.sample(4000, 4);
  Index in_invalid = 0;
  for (Index i = 0; i < draws.rows(); ++i) {
    const RowVectorD row = draws.row(i);
    CHECK(classifier->accepts(row.data()));
    in_invalid += row(0) > 0.5 ? 1 : 0;
  }
  CHECK(double(in_invalid) / double(draws.rows()) < 0.02);
  // Density: −∞ where rejected, the prior's renormalised by the acceptance rate where accepted.
  const double inside[2] = {-0.5, 0.0}, outside[2] = {0.95, 0.0};
  CHECK(restricted.log_prob_one(inside) == doctest::Approx(prior->log_prob_one(inside) - std::log(restricted.acceptance_rate())));
  CHECK(std::isinf(restricted.log_prob_one(outside)));
  CHECK_FALSE(restricted.in_support_one(outside));
}

TEST_CASE("restriction: the guard refuses a classifier that rejects (almost) everything") {
  auto prior = std::make_shared<sim::BoxUniformPrior>(2, -1.0, 1.0);
  const MatrixD theta = prior->sample(400, 5);
  std::vector<bool> valid(400, false);
  CHECK_THROWS_AS(RestrictionClassifier::fit(theta, valid, fast_options()), ValueError);  // nothing valid
  for (Index i = 0; i < 400; ++i) valid[std::size_t(i)] = theta(i, 0) > 0.9;  // 5% valid
  auto options = fast_options();
  options.min_acceptance = 0.5;
  auto classifier = std::make_shared<const RestrictionClassifier>(RestrictionClassifier::fit(theta, valid, options));
  CHECK_THROWS_AS(RestrictedPrior(prior, classifier, options), ValueError);
  // Nothing invalid: the classifier is trivial and the restricted prior is the prior.
  auto all = std::make_shared<const RestrictionClassifier>(
      RestrictionClassifier::fit(theta, std::vector<bool>(400, true), options));
  CHECK(all->trivial());
  CHECK(RestrictedPrior(prior, all, options).acceptance_rate() == 1.0);
}

TEST_CASE("simulate_with_restriction: fewer wasted simulations, same first batch, any thread count") {
  auto prior = std::make_shared<sim::BoxUniformPrior>(2, -1.0, 1.0);
  const auto simulator = toy_simulator();
  SimulateFn simulate = [&](const MatrixD& theta, std::uint64_t seed) { return simulator->simulate(theta, seed); };
  RestrictedSimulationSettings s;
  s.total = 3000;
  s.first = 1000;
  s.classifier = fast_options();
  s.seed = 11;
  RestrictedSimulations a;
  {
    ThreadCountGuard one(1);
    a = simulate_with_restriction(prior, simulate, s);
  }
  RestrictedSimulations b;
  {
    ThreadCountGuard two(2);
    b = simulate_with_restriction(prior, simulate, s);
  }
  CHECK(a.theta == b.theta);
  CHECK(a.valid == b.valid);
  CHECK(a.theta.rows() == 3000);
  CHECK(a.theta.topRows(1000) == prior->sample(1000, derive_seed(11, 1)));
  // The first batch wastes about a quarter (binomial sd 0.014); the restricted rest almost none.
  const double wasted_first = double(a.invalid_first) / 1000.0;
  const double wasted_rest = double(a.invalid_rest) / 2000.0;
  MESSAGE("wasted: first batch " << wasted_first << ", restricted " << wasted_rest);
  CHECK(std::abs(wasted_first - 0.25) < 0.05);
  CHECK(wasted_rest < 0.0125);  // ≤ 5% of the invalid quarter
  CHECK(a.valid_theta().rows() == 3000 - a.invalid());
  CHECK(a.valid_x().allFinite());
  s.first = 0;
  CHECK_THROWS_AS(simulate_with_restriction(prior, simulate, s), ValueError);
}
