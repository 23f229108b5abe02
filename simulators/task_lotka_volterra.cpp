// lotka_volterra (sbibm): θ = (α, β, γ, δ) ~ LogNormal(loc = (-0.125, -3, -0.125, -3), scale 0.5).
// The ODE (ode_models.hpp) is solved for t = 0, 0.1, ..., 20 (201 points); points 0, 21, ..., 189
// are kept (10 per species), ordered [prey..., predator...], and each entry is
//   x ~ LogNormal(log(clamp(u, 1e-10, 1e4)), sd 0.1).
// A failed solve gives NaN for x. Likelihood: Σ log LogNormal(x; log clamp(u), 0.1).
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
constexpr int kEvery = 21;
constexpr double kNoiseSd = 0.1;

const std::vector<double>& lv_times() {
  static const std::vector<double> times = [] {
    std::vector<double> v;
    for (int i = 0; i <= 200; ++i) v.push_back(0.1 * i);
    return v;
  }();
  return times;
}

// log clamp(u, 1e-10, 1e4) at the kept points, [prey..., predator...]; false on failure.
bool log_means(const double* theta, double* m) {
  const OdeResult r = solve_lotka_volterra(theta, lv_times());
  if (!r.ok) return false;
  for (int s = 0; s < 2; ++s)
    for (int k = 0; k < kKept; ++k) m[s * kKept + k] = std::log(std::clamp(r.y(k * kEvery, s), 1e-10, 1e4));
  return true;
}

}  // namespace

Task make_lotka_volterra_task() {
  Task t;
  t.name = "lotka_volterra";
  t.description = "Lotka-Volterra predator-prey ODE (Dormand-Prince 5(4)), 20 log-normal observations";
  t.prior = std::make_shared<LogNormalPrior>((VectorD(4) << -0.125, -3.0, -0.125, -3.0).finished(),
                                             VectorD::Constant(4, 0.5));
  t.simulator = std::make_shared<FunctionSimulator>(4, 2 * kKept, [](const double* theta, double* x, Rng& rng) {
    double m[2 * kKept];
    if (!log_means(theta, m)) {
      for (int k = 0; k < 2 * kKept; ++k) x[k] = NAN;
      return;
    }
    for (int k = 0; k < 2 * kKept; ++k) x[k] = std::exp(m[k] + kNoiseSd * rng.normal());
  }, 8);
  t.parameter_names = {"alpha", "beta", "gamma", "delta"};
  t.data_names = indexed_names("data", 2 * kKept);
  t.log_likelihood = [](const MatrixD& theta, const RowVectorD& x_o) {
    VectorD ll(theta.rows());
    for (Index i = 0; i < theta.rows(); ++i) {
      double m[2 * kKept];
      if (!log_means(theta.row(i).data(), m)) {
        ll[i] = -INFINITY;
        continue;
      }
      double s = 0.0;
      for (int k = 0; k < 2 * kKept; ++k) {
        if (!(x_o[k] > 0)) {
          s = -INFINITY;
          break;
        }
        const double l = std::log(x_o[k]);
        s += normal_log_pdf(l, m[k], kNoiseSd * kNoiseSd) - l;
      }
      ll[i] = s;
    }
    return ll;
  };
  t.reference_unavailable = "not yet available (needs MCMC on the ODE likelihood; mcmc module pending)";
  return t;
}

}  // namespace sbi::sim
