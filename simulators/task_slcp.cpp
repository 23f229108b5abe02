// slcp (sbibm): θ ∈ U(-3, 3)^5; m = (θ1, θ2), s1 = θ3², s2 = θ4², ρ = tanh(θ5),
//   Σ = [[s1², ρ s1 s2], [ρ s1 s2, s2²]] + 1e-6·I; x = 4 iid draws of N(m, Σ), flattened
//   draw-major (x1a, x1b, x2a, x2b, ...). Tractable likelihood: Σ_k log N(x_k; m, Σ).
// The reference posterior needs MCMC (mcmc module) and is not available here yet.
#include <cmath>
#include <numbers>

#include "simulators/function_simulator.hpp"
#include "simulators/gaussian_math.hpp"
#include "simulators/prior_box_uniform.hpp"
#include "simulators/tasks.hpp"

namespace sbi::sim {

namespace {

constexpr int kDraws = 4;

struct SlcpGaussian {
  double m0, m1, l00, l10, l11;  // mean and Cholesky factor of Σ
  double log_det;                // log det Σ
};

SlcpGaussian slcp_gaussian(const double* theta) {
  const double s1 = theta[2] * theta[2], s2 = theta[3] * theta[3];
  const double rho = std::tanh(theta[4]);
  const double a = s1 * s1 + 1e-6, b = rho * s1 * s2, c = s2 * s2 + 1e-6;
  SlcpGaussian g;
  g.m0 = theta[0];
  g.m1 = theta[1];
  g.l00 = std::sqrt(a);
  g.l10 = b / g.l00;
  g.l11 = std::sqrt(std::max(c - g.l10 * g.l10, 0.0));
  g.log_det = 2.0 * (std::log(g.l00) + std::log(g.l11));
  return g;
}

}  // namespace

Task make_slcp_task() {
  Task t;
  t.name = "slcp";
  t.description = "simple likelihood complex posterior: 4 iid 2-D Gaussian draws, θ ~ U(-3, 3)^5";
  t.prior = std::make_shared<BoxUniformPrior>(5, -3.0, 3.0);
  t.simulator = std::make_shared<FunctionSimulator>(5, 2 * kDraws, [](const double* theta, double* x, Rng& rng) {
    const SlcpGaussian g = slcp_gaussian(theta);
    for (int k = 0; k < kDraws; ++k) {
      const double e0 = rng.normal(), e1 = rng.normal();
      x[2 * k] = g.m0 + g.l00 * e0;
      x[2 * k + 1] = g.m1 + g.l10 * e0 + g.l11 * e1;
    }
  });
  t.parameter_names = indexed_names("parameter", 5);
  t.data_names = indexed_names("data", 2 * kDraws);
  t.log_likelihood = [](const MatrixD& theta, const RowVectorD& x_o) {
    VectorD ll(theta.rows());
    for (Index i = 0; i < theta.rows(); ++i) {
      const SlcpGaussian g = slcp_gaussian(theta.row(i).data());
      double s = 0.0;
      for (int k = 0; k < kDraws; ++k) {
        const double u0 = (x_o[2 * k] - g.m0) / g.l00;
        const double u1 = (x_o[2 * k + 1] - g.m1 - g.l10 * u0) / g.l11;
        s += -std::log(2.0 * std::numbers::pi) - 0.5 * g.log_det - 0.5 * (u0 * u0 + u1 * u1);
      }
      ll[i] = std::isfinite(s) ? s : -INFINITY;
    }
    return ll;
  };
  t.reference_unavailable = "not yet available (needs MCMC on the tractable likelihood; mcmc module pending)";
  return t;
}

}  // namespace sbi::sim
