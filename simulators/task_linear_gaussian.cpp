// linear_gaussian (ACE): θ ∈ R^10 ~ N(0, I); x = θ + shift + N(0, diag(v)) (v are variances).
// shift and v are fixed per task instance: from Rng(instance_seed, 0), shift_d ~ N(0, 1) for
// d = 1..10, then v_d = |N(0, 1)| for d = 1..10.
// Distance MSE; exact cost c(θ, x_o) = mean_d [v_d + (shift_d + θ_d - x_o,d)²].
// Posterior (analytic, per dimension): precision 1 + 1/v_d, so
//   θ_d | x_o ~ N((x_o,d - shift_d)/(1 + v_d), v_d/(1 + v_d)).
#include <cmath>

#include "simulators/distances.hpp"
#include "simulators/function_simulator.hpp"
#include "simulators/gaussian_math.hpp"
#include "simulators/prior_gaussian.hpp"
#include "simulators/tasks.hpp"

namespace sbi::sim {

namespace {
constexpr Index kDim = 10;
}

Task make_linear_gaussian_task(std::uint64_t instance_seed) {
  VectorD shift(kDim), var(kDim);
  Rng rng(instance_seed, 0);
  for (Index d = 0; d < kDim; ++d) shift[d] = rng.normal();
  for (Index d = 0; d < kDim; ++d) var[d] = std::abs(rng.normal());

  Task t;
  t.name = "linear_gaussian";
  t.description = "θ + shift + N(0, diag v), θ ~ N(0, I) (ACE); instance seed " + std::to_string(instance_seed);
  t.prior = std::make_shared<GaussianPrior>(GaussianPrior::isotropic(kDim, 0.0, 1.0));
  t.simulator = std::make_shared<FunctionSimulator>(kDim, kDim, [shift, var](const double* theta, double* x, Rng& r) {
    for (Index d = 0; d < kDim; ++d) x[d] = theta[d] + shift[d] + std::sqrt(var[d]) * r.normal();
  });
  t.parameter_names = indexed_names("parameter", kDim);
  t.data_names = indexed_names("data", kDim);
  t.log_likelihood = [shift, var](const MatrixD& theta, const RowVectorD& x_o) {
    VectorD ll(theta.rows());
    for (Index i = 0; i < theta.rows(); ++i) {
      double s = 0.0;
      for (Index d = 0; d < kDim; ++d) s += normal_log_pdf(x_o[d], theta(i, d) + shift[d], var[d]);
      ll[i] = s;
    }
    return ll;
  };
  t.reference_sampler = [shift, var](const RowVectorD& x_o, Index n, std::uint64_t seed) {
    VectorD mean(kDim);
    Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(kDim, kDim);
    for (Index d = 0; d < kDim; ++d) {
      mean[d] = (x_o[d] - shift[d]) / (1.0 + var[d]);
      cov(d, d) = var[d] / (1.0 + var[d]);
    }
    return GaussianPrior(mean, cov).sample(n, seed);
  };
  t.distance = [](const MatrixD& x, const RowVectorD& x_o) { return mse_distance(x, x_o); };
  t.distance_name = "mse";
  t.exact_cost = [shift, var](const MatrixD& theta, const RowVectorD& x_o) {
    VectorD c(theta.rows());
    for (Index i = 0; i < theta.rows(); ++i) {
      double s = 0.0;
      for (Index d = 0; d < kDim; ++d) {
        const double b = shift[d] + theta(i, d) - x_o[d];
        s += var[d] + b * b;
      }
      c[i] = s / kDim;
    }
    return c;
  };
  return t;
}

Task make_linear_gaussian_task() { return make_linear_gaussian_task(0); }

}  // namespace sbi::sim
