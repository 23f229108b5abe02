// Proves that MCMC steps allocate nothing on the heap once the samplers' buffers exist: every
// sampler (slice, Metropolis, HMC, NUTS), on θ directly and through the box-logit change of
// variables, and the ACE posterior's neural potential sampled through McmcPosterior (SIR start,
// the prior's own bijection, the cost network on a reused tape), and the NLE and NRE
// posteriors (flow likelihoods through the tape-free flows::FlowEvaluator — MAF, coupling NSF
// with LU layers, autoregressive NSF — an MDN likelihood on the tape, and a classifier
// log-ratio, value and gradient paths).
//
// The count runs from the start of step `kFirstCounted` to the start of the last step, read in
// the samplers' on_step callback. The warm-up is long enough that the counted steps include the
// ends of adaptation windows (covariance / mass-matrix updates and the step-size search) as
// well as sampling steps.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <memory>

#include "alloc/allocation_counter.hpp"
#include "inference/ace_ensemble.hpp"
#include "inference/nle.hpp"
#include "inference/nre.hpp"
#include "mcmc/bijection.hpp"
#include "mcmc/hmc.hpp"
#include "mcmc/metropolis.hpp"
#include "mcmc/nuts.hpp"
#include "mcmc/slice.hpp"
#include "simulators/task.hpp"

using namespace sbi;
using namespace sbi::mcmc;

namespace {

constexpr Index kFirstCounted = 5;

// A correlated 3-D Gaussian, −∞ outside the box [−3, 3]^3, written row by row (allocates
// nothing itself): log p = −½ Σ_d r_d² − ¼ r_0 r_1 with r = θ − (−1, 0, 1).
LogDensity boxed_gaussian() {
  LogDensity d;
  d.dim = 3;
  d.value_and_grad = [](ConstRowsD theta, ValuesD logp, RowsD grad) {
    for (Index i = 0; i < theta.rows(); ++i) {
      bool inside = true;
      double r[3];
      for (Index k = 0; k < 3; ++k) {
        inside = inside && std::abs(theta(i, k)) < 3.0;
        r[k] = theta(i, k) - (static_cast<double>(k) - 1.0);
      }
      logp[i] = inside ? -0.5 * (r[0] * r[0] + r[1] * r[1] + r[2] * r[2]) - 0.25 * r[0] * r[1]
                       : -std::numeric_limits<double>::infinity();
      grad(i, 0) = -r[0] - 0.25 * r[1];
      grad(i, 1) = -r[1] - 0.25 * r[0];
      grad(i, 2) = -r[2];
    }
  };
  d.value = [f = d.value_and_grad](ConstRowsD theta, ValuesD logp) {
    // The value-only path must not allocate either: a fixed-size scratch row per call.
    Eigen::Matrix<double, 1, 3> g;
    for (Index i = 0; i < theta.rows(); ++i) f(theta.middleRows(i, 1), logp.segment(i, 1), g);
  };
  return d;
}

struct Counter {
  long at_first = -1, at_last = -1;
  std::function<void(Index, Index)> callback() {
    return [this](Index step, Index total) {
      if (step == kFirstCounted) at_first = test::heap_allocations();
      if (step == total - 1) at_last = test::heap_allocations();
    };
  }
  long counted() const { return at_last - at_first; }
};

McmcRunSettings options(Counter& counter) {
  McmcRunSettings o;
  o.num_chains = 16;
  o.num_samples = 16 * 40;
  o.warmup_steps = 150;  // Stan windows end at step 99; Metropolis adapts its covariance too
  o.thin = 1;
  o.seed = 5;
  o.on_step = counter.callback();
  return o;
}

McmcResult run(const std::string& sampler, const LogDensity& density, const MatrixD& init,
               const McmcRunSettings& o) {
  if (sampler == "slice") return slice_sample(density, init, o);
  if (sampler == "mh") return metropolis_sample(density, init, o);
  if (sampler == "hmc") return hmc_sample(density, init, o);
  return nuts_sample(density, init, o);
}

}  // namespace

TEST_CASE("MCMC steps allocate nothing on the heap (every sampler, θ and logit space)") {
  const LogDensity target = boxed_gaussian();
  const auto box = std::make_shared<const BoxLogitBijection>(VectorD::Constant(3, -3.0),
                                                             VectorD::Constant(3, 3.0));
  const LogDensity in_z = unconstrained_density(target, box);
  const MatrixD init = MatrixD::Constant(16, 3, 0.2);
  const MatrixD init_z = box->to_unconstrained(init);
  for (const std::string sampler : {"slice", "mh", "hmc", "nuts"}) {
    for (const bool logit : {false, true}) {
      CAPTURE(sampler);
      CAPTURE(logit);
      Counter counter;
      const McmcResult r = run(sampler, logit ? in_z : target, logit ? init_z : init,
                               options(counter));
      REQUIRE(counter.at_first >= 0);
      REQUIRE(counter.at_last >= 0);
      CHECK(counter.counted() == 0);
      CHECK(r.draws.allFinite());
      CHECK(r.density_calls > 0);
    }
  }
  // The instrument sees allocations: a density that builds a temporary matrix per call.
  LogDensity allocating;
  allocating.dim = 3;
  allocating.value = [f = target.value](ConstRowsD theta, ValuesD logp) {
    const MatrixD copy = theta;
    f(copy, logp);
  };
  Counter counter;
  slice_sample(allocating, init, options(counter));
  CHECK(counter.counted() > 0);
}

namespace {

// Steady-state MCMC steps through a trained method's McmcPosterior, made by `make` from the
// settings: 0 allocations in the counted steps, for each sampler.
void check_posterior_steps(const std::function<std::shared_ptr<inference::Posterior>(const inference::McmcSettings&)>& make,
                           const std::vector<std::string>& samplers) {
  for (const std::string& sampler : samplers) {
    CAPTURE(sampler);
    Counter counter;
    inference::McmcSettings settings;
    settings.sampler = mcmc::parse_sampler(sampler);
    settings.num_chains = 20;
    settings.warmup_steps = 20;
    settings.thin = 2;
    settings.init_candidates = 200;
    settings.on_step = counter.callback();
    const MatrixD draws = make(settings)->sample(200, 7);
    REQUIRE(counter.at_first >= 0);
    CHECK(counter.counted() == 0);
    CHECK(draws.allFinite());
  }
}

}  // namespace

TEST_CASE("ACE posterior: steady-state MCMC steps through the cost network allocate nothing") {
  const sim::Task task = sim::make_task("two_moons");
  for (const bool per_term : {false, true}) {
    CAPTURE(per_term);
    inference::AceSettings options;
    options.per_term = per_term;
    inference::Ace ace(task.prior, inference::mse_pair_distance(), options);
    const MatrixD theta = task.sample_prior(400, 1);
    ace.append_simulations(theta, task.simulate(theta, 2));
    nn::TrainSettings t = inference::ace_reference_training();
    t.max_epochs = 2;  // the weights only need to exist; this test is about memory, not accuracy
    t.progress = false;
    ace.train(t);
    const RowVectorD x_o = task.simulate(task.sample_prior(1, 3), 4).row(0);
    check_posterior_steps([&](const inference::McmcSettings& s) { return ace.posterior(x_o, 50.0, s); },
                          {"slice", "mh"});
  }
}

TEST_CASE("ACE ensemble posterior: steady-state MCMC steps through every member allocate nothing") {
  const sim::Task task = sim::make_task("two_moons");
  const MatrixD theta = task.sample_prior(400, 1);
  nn::TrainSettings t = inference::ace_reference_training();
  t.max_epochs = 2;  // the weights only need to exist; this test is about memory, not accuracy
  t.progress = false;
  const inference::AceEnsemble ensemble = inference::AceEnsemble::train(
      task.prior, inference::mse_pair_distance(), inference::AceSettings{}, 3, theta, task.simulate(theta, 2),
      MatrixD(0, task.x_dim()), t);
  const RowVectorD x_o = task.simulate(task.sample_prior(1, 3), 4).row(0);
  inference::AceEnsemble penalised = ensemble;
  penalised.set_disagreement_penalty(1.0);
  check_posterior_steps([&](const inference::McmcSettings& s) { return penalised.posterior(x_o, 50.0, s); },
                        {"slice", "mh"});
}

TEST_CASE("NLE and NRE posteriors: steady-state MCMC steps through the networks allocate nothing") {
  const sim::Task task = sim::make_task("two_moons");
  const MatrixD theta = task.sample_prior(400, 1);
  const MatrixD x = task.simulate(theta, 2);
  const RowVectorD x_o = task.simulate(task.sample_prior(1, 3), 4).row(0);
  nn::TrainSettings t;
  t.max_epochs = 2;  // the weights only need to exist; this test is about memory, not accuracy
  t.progress = false;
  // NLE potentials run the tape-free flow evaluator (flows/flow_evaluator.hpp); MDN the tape.
  for (const std::string estimator : {"maf", "nsf", "nsf_ar", "mdn"}) {
    SUBCASE(("NLE (" + estimator + " likelihood)").c_str()) {
      inference::Nle nle(task.prior, inference::NleSettings{estimator, 1, {}});
      nle.append_simulations(theta, x);
      nle.train(t);
      check_posterior_steps([&](const inference::McmcSettings& s) { return nle.posterior(x_o, s); }, {"slice", "mh"});
    }
  }
  SUBCASE("NRE (classifier log-ratio; gradient samplers too)") {
    inference::Nre nre(task.prior, inference::NreSettings{});
    nre.append_simulations(theta, x);
    nre.train(t);
    check_posterior_steps([&](const inference::McmcSettings& s) { return nre.posterior(x_o, s); },
                          {"slice", "mh", "hmc", "nuts"});
  }
}
