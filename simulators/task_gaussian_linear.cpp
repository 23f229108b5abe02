// gaussian_linear and gaussian_linear_uniform (sbibm): x ~ N(θ, 0.1·I), θ ∈ R^10.
//
// gaussian_linear: prior N(0, 0.1·I). The posterior is Gaussian with precision
//   1/0.1 (prior) + 1/0.1 (likelihood) = 20 per dimension → variance 0.05, and mean
//   0.05·(0/0.1 + x_o/0.1) = 0.5·x_o:  p(θ | x_o) = N(0.5·x_o, 0.05·I), sampled directly.
// gaussian_linear_uniform: prior U(-1, 1)^10; the posterior is N(x_o, 0.1·I) truncated to the
//   box, sampled exactly by rejection: propose from N(x_o, 0.1·I), accept inside the box.
#include <cmath>

#include "simulators/function_simulator.hpp"
#include "simulators/gaussian_math.hpp"
#include "simulators/prior_box_uniform.hpp"
#include "simulators/prior_gaussian.hpp"
#include "simulators/rejection.hpp"
#include "simulators/tasks.hpp"

namespace sbi::sim {

namespace {

constexpr Index kDim = 10;
constexpr double kNoiseVariance = 0.1;

Task gaussian_linear_base(const std::string& name, PriorPtr prior) {
  Task t;
  t.name = name;
  t.prior = std::move(prior);
  const double sd = std::sqrt(kNoiseVariance);
  t.simulator = std::make_shared<FunctionSimulator>(kDim, kDim, [sd](const double* theta, double* x, Rng& rng) {
    for (Index d = 0; d < kDim; ++d) x[d] = theta[d] + sd * rng.normal();
  });
  t.parameter_names = indexed_names("parameter", kDim);
  t.data_names = indexed_names("data", kDim);
  t.log_likelihood = [](const MatrixD& theta, const RowVectorD& x_o) {
    VectorD ll(theta.rows());
    for (Index i = 0; i < theta.rows(); ++i) {
      double s = 0.0;
      for (Index d = 0; d < kDim; ++d) s += normal_log_pdf(x_o[d], theta(i, d), kNoiseVariance);
      ll[i] = s;
    }
    return ll;
  };
  return t;
}

}  // namespace

Task make_gaussian_linear_task() {
  Task t = gaussian_linear_base(
      "gaussian_linear", std::make_shared<GaussianPrior>(GaussianPrior::isotropic(kDim, 0.0, kNoiseVariance)));
  t.description = "x ~ N(θ, 0.1·I), θ ~ N(0, 0.1·I); analytic posterior N(0.5·x_o, 0.05·I)";
  t.reference_sampler = [](const RowVectorD& x_o, Index n, std::uint64_t seed) {
    const double post_var = 1.0 / (1.0 / kNoiseVariance + 1.0 / kNoiseVariance);  // 0.05
    const RowVectorD post_mean = post_var * (x_o / kNoiseVariance);                // 0.5·x_o
    GaussianPrior posterior(post_mean.transpose(), post_var * Eigen::MatrixXd::Identity(kDim, kDim));
    return posterior.sample(n, seed);
  };
  return t;
}

Task make_gaussian_linear_uniform_task() {
  auto box = std::make_shared<BoxUniformPrior>(kDim, -1.0, 1.0);
  Task t = gaussian_linear_base("gaussian_linear_uniform", box);
  t.description = "x ~ N(θ, 0.1·I), θ ~ U(-1, 1)^10; reference by exact rejection";
  t.reference_sampler = [box](const RowVectorD& x_o, Index n, std::uint64_t seed) {
    RejectionProblem p;
    p.dim = kDim;
    p.what = "gaussian_linear_uniform reference posterior";
    const double sd = std::sqrt(kNoiseVariance);
    p.propose = [x_o, sd](double* theta, Rng& rng) {
      for (Index d = 0; d < kDim; ++d) theta[d] = x_o[d] + sd * rng.normal();
    };
    p.log_accept = [box](const double* theta) { return box->in_support_one(theta) ? 0.0 : -INFINITY; };
    return rejection_sample(p, n, seed);
  };
  return t;
}

}  // namespace sbi::sim
