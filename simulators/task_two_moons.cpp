// two_moons (sbibm; also an ACE task with the MSE distance): θ ~ U(-1, 1)²;
//   a ~ U(-π/2, π/2), r ~ N(0.1, sd 0.01), p = (r cos a + 0.25, r sin a),
//   x = p + g(θ),  g(θ) = (-|θ1 + θ2|/√2, (θ2 - θ1)/√2).
// Reference posterior by inversion (exact): draw p as above, q = x_o - p; if q1 ≤ 0 then
//   |θ1 + θ2| = -√2 q1, θ2 - θ1 = √2 q2; pick the sign of θ1 + θ2 with probability ½ (both
//   branches: g is 2-to-1 with constant Jacobian); keep θ inside the prior box, else retry.
// Exact MSE cost c(θ, x_o) = ½ Σ_d E[(x_d - x_o,d)²] with E r = 0.1, E r² = 0.0101,
//   E cos a = 2/π, E cos² a = E sin² a = ½, E sin a = 0; with b = g(θ) - x_o:
//   E(x1 - x_o1)² = E r²/2 + 2 (0.25 + b1)·0.1·2/π + (0.25 + b1)²,  E(x2 - x_o2)² = E r²/2 + b2².
#include <cmath>
#include <numbers>

#include "simulators/distances.hpp"
#include "simulators/function_simulator.hpp"
#include "simulators/gaussian_math.hpp"
#include "simulators/prior_box_uniform.hpp"
#include "simulators/rejection.hpp"
#include "simulators/tasks.hpp"

namespace sbi::sim {

namespace {

constexpr double kPi = std::numbers::pi;

void moon_point(Rng& rng, double& p0, double& p1) {
  const double a = rng.uniform(-kPi / 2.0, kPi / 2.0);
  const double r = 0.1 + 0.01 * rng.normal();
  p0 = r * std::cos(a) + 0.25;
  p1 = r * std::sin(a);
}

void shift(const double* theta, double& g0, double& g1) {
  g0 = -std::abs(theta[0] + theta[1]) / std::sqrt(2.0);
  g1 = (theta[1] - theta[0]) / std::sqrt(2.0);
}

}  // namespace

Task make_two_moons_task() {
  Task t;
  t.name = "two_moons";
  t.description = "two moons: a noisy half-circle shifted by a 2-to-1 map of θ; reference by inversion";
  auto box = std::make_shared<BoxUniformPrior>(2, -1.0, 1.0);
  t.prior = box;
  t.simulator = std::make_shared<FunctionSimulator>(2, 2, [](const double* theta, double* x, Rng& rng) {
    double p0, p1, g0, g1;
    moon_point(rng, p0, p1);
    shift(theta, g0, g1);
    x[0] = p0 + g0;
    x[1] = p1 + g1;
  });
  t.parameter_names = indexed_names("parameter", 2);
  t.data_names = indexed_names("data", 2);
  t.reference_sampler = [box](const RowVectorD& x_o, Index n, std::uint64_t seed) {
    RejectionProblem p;
    p.dim = 2;
    p.what = "two_moons reference posterior";
    p.propose = [x_o](double* theta, Rng& rng) {
      double p0, p1;
      moon_point(rng, p0, p1);
      const double q0 = x_o[0] - p0, q1 = x_o[1] - p1;
      const double sign = rng.uniform() < 0.5 ? -1.0 : 1.0;
      const double s = sign * (-std::sqrt(2.0) * q0);  // θ1 + θ2 (valid only when q0 ≤ 0)
      const double d = std::sqrt(2.0) * q1;            // θ2 - θ1
      theta[0] = q0 <= 0 ? 0.5 * (s - d) : NAN;
      theta[1] = q0 <= 0 ? 0.5 * (s + d) : NAN;
    };
    p.log_accept = [box](const double* theta) { return box->in_support_one(theta) ? 0.0 : -INFINITY; };
    return rejection_sample(p, n, seed);
  };
  t.distance = [](const MatrixD& x, const RowVectorD& x_o) { return mse_distance(x, x_o); };
  t.distance_name = "mse";
  t.exact_cost = [](const MatrixD& theta, const RowVectorD& x_o) {
    const double er2 = 0.1 * 0.1 + 0.01 * 0.01;
    VectorD c(theta.rows());
    for (Index i = 0; i < theta.rows(); ++i) {
      double g0, g1;
      shift(theta.row(i).data(), g0, g1);
      const double b0 = 0.25 + g0 - x_o[0], b1 = g1 - x_o[1];
      const double e0 = er2 / 2.0 + 2.0 * b0 * 0.1 * (2.0 / kPi) + b0 * b0;
      const double e1 = er2 / 2.0 + b1 * b1;
      c[i] = 0.5 * (e0 + e1);
    }
    return c;
  };
  return t;
}

}  // namespace sbi::sim
