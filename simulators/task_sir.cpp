// sir (sbibm): θ = (β, γ) ~ LogNormal(loc = (log 0.4, log 0.125), scale = (0.5, 0.2)).
// The SIR ODE (ode_models.hpp) is solved on days 0..160; I is kept at days 0, 17, ..., 153
// (10 values) and x_k ~ Binomial(1000, clamp(I_k / N, 0, 1)). A failed solve gives NaN for x.
// Likelihood (tractable given the deterministic ODE): Σ_k log Binom(x_k; 1000, p_k).
// The reference posterior needs MCMC (mcmc module): not available here yet.
#include <algorithm>
#include <cmath>

#include "simulators/function_simulator.hpp"
#include "simulators/gaussian_math.hpp"
#include "simulators/ode_models.hpp"
#include "simulators/prior_lognormal.hpp"
#include "simulators/tasks.hpp"

namespace sbi::sim {

namespace {

constexpr int kKept = 10;
constexpr int kEvery = 17;
constexpr double kTrials = 1000.0;

// Output days 0..160 (161 points); the kept days are indices 0, 17, ..., 153.
const std::vector<double>& sir_days() {
  static const std::vector<double> days = [] {
    std::vector<double> d;
    for (int i = 0; i <= 160; ++i) d.push_back(i);
    return d;
  }();
  return days;
}

// p_k = clamp(I_k / N, 0, 1) at the kept days; false when the solve failed.
bool infected_fractions(const double* theta, double* p) {
  const OdeResult r = solve_sir(theta[0], theta[1], sir_days());
  if (!r.ok) return false;
  for (int k = 0; k < kKept; ++k) p[k] = std::clamp(r.y(k * kEvery, 1) / kSirPopulation, 0.0, 1.0);
  return true;
}

double binomial_log_pmf(double x, double n, double p) {
  if (x < 0 || x > n || x != std::floor(x)) return -INFINITY;
  const double log_choose = std::lgamma(n + 1) - std::lgamma(x + 1) - std::lgamma(n - x + 1);
  if (p <= 0) return x == 0 ? 0.0 : -INFINITY;
  if (p >= 1) return x == n ? 0.0 : -INFINITY;
  return log_choose + x * std::log(p) + (n - x) * std::log1p(-p);
}

}  // namespace

Task make_sir_task() {
  Task t;
  t.name = "sir";
  t.description = "SIR epidemic ODE (Dormand-Prince 5(4)), 10 binomial counts of infected out of 1000";
  VectorD loc(2), scale(2);
  loc << std::log(0.4), std::log(0.125);
  scale << 0.5, 0.2;
  t.prior = std::make_shared<LogNormalPrior>(loc, scale);
  t.simulator = std::make_shared<FunctionSimulator>(2, kKept, [](const double* theta, double* x, Rng& rng) {
    double p[kKept];
    if (!infected_fractions(theta, p)) {
      for (int k = 0; k < kKept; ++k) x[k] = NAN;
      return;
    }
    for (int k = 0; k < kKept; ++k) x[k] = static_cast<double>(rng.binomial(static_cast<std::int64_t>(kTrials), p[k]));
  }, 8);
  t.parameter_names = {"beta", "gamma"};
  t.data_names = indexed_names("data", kKept);
  t.log_likelihood = [](const MatrixD& theta, const RowVectorD& x_o) {
    VectorD ll(theta.rows());
    for (Index i = 0; i < theta.rows(); ++i) {
      double p[kKept];
      if (!infected_fractions(theta.row(i).data(), p)) {
        ll[i] = -INFINITY;
        continue;
      }
      double s = 0.0;
      for (int k = 0; k < kKept; ++k) s += binomial_log_pmf(x_o[k], kTrials, p[k]);
      ll[i] = s;
    }
    return ll;
  };
  t.reference_unavailable = "not yet available (needs MCMC on the ODE likelihood; mcmc module pending)";
  return t;
}

}  // namespace sbi::sim
