// gaussian_mixture (sbibm): θ ~ U(-10, 10)²; x ~ 0.5·N(θ, I) + 0.5·N(θ, 0.01·I) (sd 1 and 0.1),
// the component drawn independently for every simulation.
// Likelihood: log[0.5 N(x; θ, I) + 0.5 N(x; θ, 0.01 I)], symmetric in (x, θ), so the posterior is
// that mixture around x_o truncated to the box: exact rejection proposes from the mixture
// centred at x_o and accepts inside the box.
#include <cmath>

#include "simulators/function_simulator.hpp"
#include "simulators/gaussian_math.hpp"
#include "simulators/prior_box_uniform.hpp"
#include "simulators/rejection.hpp"
#include "simulators/tasks.hpp"

namespace sbi::sim {

namespace {
double mixture_log_lik(const double* x, const double* theta, Index dim) {
  double a = std::log(0.5), b = std::log(0.5);
  for (Index d = 0; d < dim; ++d) {
    a += normal_log_pdf(x[d], theta[d], 1.0);
    b += normal_log_pdf(x[d], theta[d], 0.01);
  }
  return log_add_exp(a, b);
}
}  // namespace

Task make_gaussian_mixture_task() {
  Task t;
  t.name = "gaussian_mixture";
  t.description = "x ~ 0.5·N(θ, I) + 0.5·N(θ, 0.01·I), θ ~ U(-10, 10)^2; reference by exact rejection";
  auto box = std::make_shared<BoxUniformPrior>(2, -10.0, 10.0);
  t.prior = box;
  t.simulator = std::make_shared<FunctionSimulator>(2, 2, [](const double* theta, double* x, Rng& rng) {
    const double sd = rng.uniform() < 0.5 ? 1.0 : 0.1;
    for (Index d = 0; d < 2; ++d) x[d] = theta[d] + sd * rng.normal();
  });
  t.parameter_names = indexed_names("parameter", 2);
  t.data_names = indexed_names("data", 2);
  t.log_likelihood = [](const MatrixD& theta, const RowVectorD& x_o) {
    VectorD ll(theta.rows());
    for (Index i = 0; i < theta.rows(); ++i) ll[i] = mixture_log_lik(x_o.data(), theta.row(i).data(), 2);
    return ll;
  };
  t.reference_sampler = [box](const RowVectorD& x_o, Index n, std::uint64_t seed) {
    RejectionProblem p;
    p.dim = 2;
    p.what = "gaussian_mixture reference posterior";
    p.propose = [x_o](double* theta, Rng& rng) {
      const double sd = rng.uniform() < 0.5 ? 1.0 : 0.1;
      for (Index d = 0; d < 2; ++d) theta[d] = x_o[d] + sd * rng.normal();
    };
    p.log_accept = [box](const double* theta) { return box->in_support_one(theta) ? 0.0 : -INFINITY; };
    return rejection_sample(p, n, seed);
  };
  return t;
}

}  // namespace sbi::sim
