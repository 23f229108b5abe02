// uniform_1d (ACE): θ ~ U(-1.5, 1.5); x = f(θ) + U(-0.25, 0.25) with the polynomial
//   f(θ) = Σ_{i=0..4} c_i (0.8 (θ + 0.25))^i,  c = (0.1627, 0.9073, -1.2197, -1.4639, 1.4381).
// Likelihood: p(x | θ) = 2 when |x - f(θ)| ≤ 0.25, else 0. Distance: MSE.
// Exact cost: E[(x - x_o)² | θ] = (f(θ) - x_o)² + Var U(-0.25, 0.25) = (f(θ) - x_o)² + 0.5²/12.
// Reference posterior: uniform prior × indicator, exact rejection from the prior.
#include <cmath>

#include "simulators/distances.hpp"
#include "simulators/function_simulator.hpp"
#include "simulators/gaussian_math.hpp"
#include "simulators/prior_box_uniform.hpp"
#include "simulators/rejection.hpp"
#include "simulators/tasks.hpp"

namespace sbi::sim {

namespace {

constexpr double kHalfWidth = 0.25;

double polynomial(double theta) {
  static constexpr double c[5] = {0.1627, 0.9073, -1.2197, -1.4639, 1.4381};
  const double u = 0.8 * (theta + 0.25);
  double v = 0.0, p = 1.0;
  for (double ci : c) {
    v += ci * p;
    p *= u;
  }
  return v;
}

}  // namespace

Task make_uniform_1d_task() {
  Task t;
  t.name = "uniform_1d";
  t.description = "1-D polynomial with uniform noise (ACE); closed-form MSE cost";
  auto box = std::make_shared<BoxUniformPrior>(1, -1.5, 1.5);
  t.prior = box;
  t.simulator = std::make_shared<FunctionSimulator>(1, 1, [](const double* theta, double* x, Rng& rng) {
    x[0] = polynomial(theta[0]) + rng.uniform(-kHalfWidth, kHalfWidth);
  });
  t.parameter_names = {"parameter_1"};
  t.data_names = {"data_1"};
  t.log_likelihood = [](const MatrixD& theta, const RowVectorD& x_o) {
    VectorD ll(theta.rows());
    for (Index i = 0; i < theta.rows(); ++i)
      ll[i] = std::abs(x_o[0] - polynomial(theta(i, 0))) <= kHalfWidth ? -std::log(2.0 * kHalfWidth) : -INFINITY;
    return ll;
  };
  t.reference_sampler = [box](const RowVectorD& x_o, Index n, std::uint64_t seed) {
    RejectionProblem p;
    p.dim = 1;
    p.what = "uniform_1d reference posterior";
    p.propose = [box](double* theta, Rng& rng) { box->sample_one(theta, rng); };
    const double xo = x_o[0];
    p.log_accept = [xo](const double* theta) {
      return std::abs(xo - polynomial(theta[0])) <= kHalfWidth ? 0.0 : -INFINITY;
    };
    p.max_attempts = 10'000'000;
    return rejection_sample(p, n, seed);
  };
  t.distance = [](const MatrixD& x, const RowVectorD& x_o) { return mse_distance(x, x_o); };
  t.distance_name = "mse";
  t.exact_cost = [](const MatrixD& theta, const RowVectorD& x_o) {
    const double noise_var = (2.0 * kHalfWidth) * (2.0 * kHalfWidth) / 12.0;
    VectorD c(theta.rows());
    for (Index i = 0; i < theta.rows(); ++i) {
      const double b = polynomial(theta(i, 0)) - x_o[0];
      c[i] = b * b + noise_var;
    }
    return c;
  };
  return t;
}

}  // namespace sbi::sim
