// The multi-round API (sequential/sequential.hpp), the atomic loss of SNPE-C
// (sequential/atomic_loss.hpp) and the importance-weighted loss of SNPE-B (weighted_loss.hpp).
// Weighted loss identity: with all weights 1 it is the plain NPE loss, so training from the same
// weights and seed gives bit-identical flows.
// Atomic loss: checked against a plain double computation from the same atoms, and two
// identities: K = 1 atom gives L = 0 (the softmax over one atom is 1), and when log q(θ | x) −
// log p(θ) does not depend on θ (here: the flow's own density used as the prior), every atom has
// the same u and L = log K exactly.
// Sequential runs on the conjugate Gaussian model of test_tsnpe_multifidelity.cpp
// (conjugate_gaussian.hpp): θ | x_o ~ N(0.8·x_o, 0.2·I₂), |mean error| ≤ 0.16, |sd error| ≤ 0.11.
#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "flows/density_estimator.hpp"
#include "sequential/atomic_loss.hpp"
#include "sequential/sequential.hpp"
#include "sequential/weighted_loss.hpp"
#include "conjugate_gaussian.hpp"
#include "simulators/function_simulator.hpp"
#include "simulators/prior_box_uniform.hpp"
#include "simulators/prior_gaussian.hpp"

using namespace sbi;
using namespace sbi::inference;
using namespace sbi::test;

namespace {

SequentialSettings quick_options(SequentialMethod method, int rounds, int max_epochs) {
  return quick_sequential_settings(method, rounds, max_epochs);
}

// An untrained 2-D MAF with context 2 and fixed data for the loss tests.
struct LossFixture {
  PosteriorEstimator estimator = PosteriorEstimator::build("maf", standard_normal_prior(), ThetaSpace::constrained, 2, 3);
  MatrixF theta = MatrixF::Random(7, 2), x = MatrixF::Random(7, 2);
  MatrixF log_prior = MatrixF::Random(7, 1);
  std::vector<std::int64_t> rows{6, 0, 3, 5, 1};  // a minibatch of 5 rows, in trainer order
};

double tape_loss(LossFixture& f, Index num_atoms, std::uint64_t seed) {
  ad::Tape tape;
  Rng rng(seed);
  const ad::Var loss = atomic_loss(tape, f.estimator.flow(), f.theta, f.x, f.log_prior, f.rows, num_atoms, rng);
  return double(loss.value()(0, 0));
}

}  // namespace

TEST_CASE("atom_rows: atom 0 is the row itself, the others distinct rows of the minibatch") {
  Rng rng(1);
  const Index n = 6, k = 4;
  const std::vector<std::int64_t> atoms = atom_rows(n, k, rng);
  REQUIRE(atoms.size() == static_cast<std::size_t>(n * k));
  for (Index i = 0; i < n; ++i) {
    std::set<std::int64_t> seen;
    for (Index a = 0; a < k; ++a) {
      const std::int64_t j = atoms[static_cast<std::size_t>(a * n + i)];
      CHECK(j >= 0);
      CHECK(j < n);
      CHECK((a == 0) == (j == i));
      seen.insert(j);
    }
    CHECK(seen.size() == static_cast<std::size_t>(k));  // without replacement
  }
  Rng rng2(1);
  CHECK(atom_rows(3, 10, rng2).size() == 9u);  // K clamped to the 3 rows
  CHECK_THROWS_AS(atom_rows(3, 0, rng2), ValueError);
}

TEST_CASE("atomic loss equals the plain computation on a tiny minibatch") {
  LossFixture f;
  const Index n = 5, k = 3;
  const double on_tape = tape_loss(f, k, 42);
  // The same atoms from the same stream, log q evaluated outside the tape, u = log q − log p.
  Rng rng(42);
  const std::vector<std::int64_t> atoms = atom_rows(n, k, rng);
  MatrixD u(n, k);
  for (Index i = 0; i < n; ++i)
    for (Index a = 0; a < k; ++a) {
      const std::int64_t atom = f.rows[static_cast<std::size_t>(atoms[static_cast<std::size_t>(a * n + i)])];
      const std::int64_t own = f.rows[static_cast<std::size_t>(i)];
      const VectorF lq = f.estimator.flow().log_prob(MatrixF(f.theta.row(atom)), MatrixF(f.x.row(own)));
      u(i, a) = double(lq(0)) - double(f.log_prior(atom, 0));
    }
  CHECK(on_tape == doctest::Approx(atomic_loss_reference(u)).epsilon(1e-5));
  CHECK(on_tape > 0);  // −log of a softmax entry of 3 atoms
}

TEST_CASE("atomic loss identities: one atom gives 0; u constant over atoms gives log K") {
  LossFixture f;
  CHECK(tape_loss(f, 1, 5) == doctest::Approx(0.0).epsilon(1e-6));
  // The "prior" set to the flow's own log q(θ | x) at one fixed x for every row, and every x set
  // to that x: u_ij = 0 for all atoms, so L = log K.
  f.x.rowwise() = f.x.row(0);
  f.log_prior = f.estimator.flow().log_prob(f.theta, f.x);
  for (Index k : {2, 4, 5}) CHECK(tape_loss(f, k, 9) == doctest::Approx(std::log(double(k))).epsilon(1e-4));
  CHECK(atomic_loss_reference((MatrixD(1, 3) << 0.0, 0.0, 0.0).finished()) == doctest::Approx(std::log(3.0)));
}

TEST_CASE("importance-weighted loss with unit weights trains exactly as maximum likelihood") {
  const sim::PriorPtr prior = standard_normal_prior();
  const MatrixD theta = prior->sample(300, 4);
  const MatrixD x = gaussian_simulator()(theta, 5);
  nn::TrainSettings t;
  t.max_epochs = 3;
  t.progress = false;
  t.seed = 8;
  PosteriorEstimator a = PosteriorEstimator::build("maf", prior, ThetaSpace::constrained, 2, 3);
  a.fit(theta, x, t, /*fit_standardizers=*/true);
  t.max_epochs = 4;
  PosteriorEstimator b = a.clone();
  a.fit(theta, x, t, /*fit_standardizers=*/false);
  fit_importance_weighted(b, theta, x, VectorD::Zero(300), t);
  const MatrixF context = x.row(0).cast<float>();
  CHECK(a.log_prob(theta.topRows(20), context) == b.log_prob(theta.topRows(20), context));
  CHECK_THROWS_AS(fit_importance_weighted(b, theta, x, VectorD::Zero(299), t), ShapeError);
  VectorD bad = VectorD::Zero(300);
  bad(7) = INFINITY;
  CHECK_THROWS_AS(fit_importance_weighted(b, theta, x, bad, t), ValueError);
}

TEST_CASE("sequential rounds: budget split, bookkeeping, proposal acceptance, early errors") {
  auto prior = std::make_shared<sim::BoxUniformPrior>(2, -2.0, 2.0);
  const RowVectorD x_o = (RowVectorD(2) << 0.5, -0.3).finished();
  int calls = 0;
  SequentialSettings o = quick_options(SequentialMethod::snpe_c, 3, 3);
  std::vector<std::string> lines;
  o.on_round = [&lines](const std::string& l) { lines.push_back(l); };
  const SequentialResult r = run_sequential(prior, gaussian_simulator(&calls), x_o, 100, o);
  CHECK(calls == 3);
  REQUIRE(r.rounds.size() == 3);
  CHECK(r.rounds[0].simulations == 33);
  CHECK(r.rounds[2].simulations == 34);
  CHECK(r.theta.rows() == 100);
  CHECK(r.rounds[0].acceptance_rate == 1.0);
  CHECK(r.rounds[1].acceptance_rate > 0);
  CHECK(r.rounds[1].acceptance_rate <= 1.0);
  CHECK(lines.size() == 3);
  CHECK(lines[1].find("snpe-c round 2/3") != std::string::npos);
  for (bool inside : prior->in_support(r.posterior->sample(300, 1))) CHECK(inside);

  calls = 0;
  o.estimator = "flowy";
  CHECK_THROWS_AS(run_sequential(prior, gaussian_simulator(&calls), x_o, 100, o), ValueError);
  CHECK(calls == 0);  // refused before any simulation
  o.estimator = "maf";
  CHECK_THROWS_AS(run_sequential(prior, gaussian_simulator(), x_o, 5, o), ValueError);  // < 2 per round
  CHECK_THROWS_AS(run_sequential(prior, gaussian_simulator(), (RowVectorD(2) << NAN, 0).finished(), 100, o), ValueError);
  CHECK(parse_sequential_method("snre-c") == SequentialMethod::snre_c);
  CHECK(parse_sequential_method("snre-b") == SequentialMethod::snre_b);
  CHECK(parse_sequential_method("apt") == SequentialMethod::snpe_c);
  CHECK(parse_sequential_method("snpe-b") == SequentialMethod::snpe_b);
  CHECK_THROWS_AS(parse_sequential_method("snpe-z"), NotFoundError);
  CHECK(sequential_method_name(SequentialMethod::snre_a) == "snre");
}

TEST_CASE("SNPE-C (MAF, MDN) and SNPE-B recover the conjugate Gaussian posterior in 2 rounds") {
  const RowVectorD x_o = (RowVectorD(2) << 0.6, -0.4).finished();
  const std::pair<SequentialMethod, const char*> runs[] = {
      {SequentialMethod::snpe_c, "maf"}, {SequentialMethod::snpe_c, "mdn"}, {SequentialMethod::snpe_b, "maf"}};
  for (const auto& [method, estimator] : runs) {
    INFO(sequential_method_name(method) << " " << estimator);
    SequentialSettings o = quick_options(method, 2, 200);
    o.estimator = estimator;
    const SequentialResult r = run_sequential(standard_normal_prior(), gaussian_simulator(), x_o, 2000, o);
    check_moments(r.posterior->sample(4000, 3), x_o);
  }
}

TEST_CASE("SNLE and SNRE (NRE-A, NRE-B, NRE-C) recover the conjugate Gaussian posterior in 2 rounds") {
  const RowVectorD x_o = (RowVectorD(2) << 0.6, -0.4).finished();
  for (SequentialMethod m : {SequentialMethod::snle, SequentialMethod::snre_a, SequentialMethod::snre_b,
                             SequentialMethod::snre_c}) {
    INFO(sequential_method_name(m));
    SequentialSettings o = quick_options(m, 2, 200);
    o.mcmc = McmcSettings{};  // the defaults: 100 chains, thin 10
    const SequentialResult r = run_sequential(standard_normal_prior(), gaussian_simulator(), x_o, 2000, o);
    CHECK(r.theta.rows() == 2000);
    check_moments(r.posterior->sample(2000, 3), x_o);
  }
}

TEST_CASE("sequential runs are bit-identical with 1 and 2 threads (SNPE-C, SNPE-B, SNLE, SNRE-A, SNRE-B)") {
  auto prior = std::make_shared<sim::BoxUniformPrior>(2, -2.0, 2.0);
  const RowVectorD x_o = (RowVectorD(2) << 0.5, -0.3).finished();
  for (SequentialMethod m : {SequentialMethod::snpe_c, SequentialMethod::snpe_b, SequentialMethod::snle,
                             SequentialMethod::snre_a, SequentialMethod::snre_b}) {
    INFO(sequential_method_name(m));
    const SequentialSettings o = quick_options(m, 2, 3);
    auto run_with = [&](int threads) {
      ThreadCountGuard g(threads);
      SequentialResult r = run_sequential(prior, gaussian_simulator(), x_o, 400, o);
      return std::make_pair(r.theta, MatrixD(r.posterior->sample(200, 1)));
    };
    const auto a = run_with(1), b = run_with(2);
    CHECK(a.first == b.first);
    CHECK(a.second == b.second);
  }
}

TEST_CASE("MCMC posterior: final chain states and chains started where given (ChainStart::latest)") {
  auto prior = std::make_shared<sim::BoxUniformPrior>(2, -2.0, 2.0);
  const mcmc::LogDensity potential = mcmc::log_density_from_rows(2, [](const double* t) {
    return std::abs(t[0]) <= 2 && std::abs(t[1]) <= 2 ? -0.5 * (t[0] * t[0] + t[1] * t[1]) : -INFINITY;
  });
  McmcSettings s;
  s.sampler = mcmc::SamplerKind::Metropolis;
  s.num_chains = 20;
  s.warmup_steps = 0;
  s.thin = 1;
  McmcPosterior posterior(prior, potential, s, "test");
  CHECK_THROWS_AS(posterior.final_chain_states(), ValueError);
  const MatrixD first = posterior.sample(40, 1);  // two draws per chain, draw-major
  const MatrixD ends = posterior.final_chain_states();
  REQUIRE(ends.rows() == 20);
  for (Index c = 0; c < 20; ++c) CHECK((ends.row(c) - first.row(20 + c)).norm() < 1e-12);

  // Chains started at one corner: one Metropolis step of sd 0.1 in z = logit((θ + 2)/4) stays close.
  const MatrixD corner = MatrixD::Constant(20, 2, 1.9);
  posterior.start_chains_at(corner);
  const MatrixD z_start = prior->to_unconstrained(corner);
  const MatrixD z_next = prior->to_unconstrained(posterior.sample(20, 2));
  CHECK((z_next - z_start).cwiseAbs().maxCoeff() < 0.6);
  CHECK_THROWS_AS(posterior.start_chains_at(MatrixD::Zero(3, 2)), ShapeError);
  CHECK_THROWS_AS(posterior.start_chains_at(MatrixD::Constant(20, 2, 3.0)), ValueError);
}

TEST_CASE("SNLE with chains going on across rounds (chain_start latest) recovers the conjugate Gaussian posterior") {
  const RowVectorD x_o = (RowVectorD(2) << 0.6, -0.4).finished();
  SequentialSettings o = quick_options(SequentialMethod::snle, 4, 200);
  o.mcmc = McmcSettings{};
  o.mcmc.chain_start = mcmc::ChainStart::latest;
  o.mcmc.warmup_steps = 25;  // sbibm's
  const SequentialResult r = run_sequential(standard_normal_prior(), gaussian_simulator(), x_o, 2000, o);
  check_moments(r.posterior->sample(2000, 3), x_o);
  SequentialSettings sir = o;
  sir.mcmc.chain_start = mcmc::ChainStart::sir;
  const SequentialResult s = run_sequential(standard_normal_prior(), gaussian_simulator(), x_o, 2000, sir);
  // Rounds 1-3 draw alike (SIR starts; the first continued posterior proposes round 4).
  CHECK(r.theta.topRows(1500) == s.theta.topRows(1500));
  CHECK(r.theta.bottomRows(500) != s.theta.bottomRows(500));
}
