// gaussian_mixture_trials (ACE): θ ~ U(-10, 10)²; x = 5 iid 2-D trials (trial-major:
// x = (t1a, t1b, t2a, ...)), each N(θ, I) or N(θ, 0.01·I) with probability ½.
// Distance: biased MMD² between the trial sets with kernel Π_d exp(-0.01 Δ_d²) (distances.hpp).
// Likelihood: Σ_k log[½ N(x_k; θ, I) + ½ N(x_k; θ, 0.01 I)].
// Reference posterior (exact): the likelihood is a mixture over the 2^5 component assignments c;
//   for each, Π_k N(x_k; θ, v_k I) = Z_c · N(θ; m_c, V_c I) with 1/V_c = Σ_k 1/v_k,
//   m_c = V_c Σ_k x_k / v_k, log Z_c = Σ_k log N(x_k; m_c, v_k I) - log N(m_c; m_c, V_c I).
//   Draw c with probability ∝ Z_c, θ ~ N(m_c, V_c I), and accept inside the prior box.
// Misspecified observation: ⌊T/2⌋ of the T trials (the last ones) replaced by outliers
//   N(sign(θ)·12.5, sd 0.5) per dimension, θ the parameter that generated x.
#include <array>
#include <cmath>

#include "simulators/distances.hpp"
#include "simulators/function_simulator.hpp"
#include "simulators/gaussian_math.hpp"
#include "simulators/prior_box_uniform.hpp"
#include "simulators/rejection.hpp"
#include "simulators/tasks.hpp"

namespace sbi::sim {

namespace {

constexpr Index kTrials = 5;
constexpr Index kTrialDim = 2;
constexpr double kKernelGamma = 0.01;

void simulate_trials(const double* theta, double* x, Rng& rng) {
  for (Index k = 0; k < kTrials; ++k) {
    const double sd = rng.uniform() < 0.5 ? 1.0 : 0.1;
    for (Index d = 0; d < kTrialDim; ++d) x[k * kTrialDim + d] = theta[d] + sd * rng.normal();
  }
}

struct ComponentPosterior {
  std::vector<double> log_weight, var;
  std::vector<std::array<double, kTrialDim>> mean;
};

ComponentPosterior component_posteriors(const RowVectorD& x_o) {
  ComponentPosterior cp;
  for (int c = 0; c < (1 << kTrials); ++c) {
    double prec = 0.0;
    std::array<double, kTrialDim> weighted{};
    for (Index k = 0; k < kTrials; ++k) {
      const double v = (c >> k) & 1 ? 0.01 : 1.0;
      prec += 1.0 / v;
      for (Index d = 0; d < kTrialDim; ++d) weighted[d] += x_o[k * kTrialDim + d] / v;
    }
    const double V = 1.0 / prec;
    std::array<double, kTrialDim> m{};
    for (Index d = 0; d < kTrialDim; ++d) m[d] = V * weighted[d];
    double log_z = 0.0;
    for (Index k = 0; k < kTrials; ++k) {
      const double v = (c >> k) & 1 ? 0.01 : 1.0;
      for (Index d = 0; d < kTrialDim; ++d) log_z += normal_log_pdf(x_o[k * kTrialDim + d], m[d], v);
    }
    for (Index d = 0; d < kTrialDim; ++d) log_z -= normal_log_pdf(m[d], m[d], V);
    cp.log_weight.push_back(log_z);
    cp.var.push_back(V);
    cp.mean.push_back(m);
  }
  return cp;
}

}  // namespace

Task make_gaussian_mixture_trials_task() {
  Task t;
  t.name = "gaussian_mixture_trials";
  t.description = "5 iid 2-D trials of 0.5·N(θ, I) + 0.5·N(θ, 0.01·I), θ ~ U(-10, 10)^2 (ACE, MMD distance)";
  auto box = std::make_shared<BoxUniformPrior>(kTrialDim, -10.0, 10.0);
  t.prior = box;
  t.simulator = std::make_shared<FunctionSimulator>(kTrialDim, kTrials * kTrialDim, simulate_trials);
  t.parameter_names = indexed_names("parameter", kTrialDim);
  for (Index k = 1; k <= kTrials; ++k)
    for (Index d = 1; d <= kTrialDim; ++d) t.data_names.push_back("trial_" + std::to_string(k) + "_" + std::to_string(d));
  t.num_trials = kTrials;
  t.log_likelihood = [](const MatrixD& theta, const RowVectorD& x_o) {
    VectorD ll(theta.rows());
    for (Index i = 0; i < theta.rows(); ++i) {
      double s = 0.0;
      for (Index k = 0; k < kTrials; ++k) {
        double a = std::log(0.5), b = std::log(0.5);
        for (Index d = 0; d < kTrialDim; ++d) {
          a += normal_log_pdf(x_o[k * kTrialDim + d], theta(i, d), 1.0);
          b += normal_log_pdf(x_o[k * kTrialDim + d], theta(i, d), 0.01);
        }
        s += log_add_exp(a, b);
      }
      ll[i] = s;
    }
    return ll;
  };
  t.reference_sampler = [box](const RowVectorD& x_o, Index n, std::uint64_t seed) {
    const ComponentPosterior cp = component_posteriors(x_o);
    double mx = -INFINITY;
    for (double w : cp.log_weight) mx = std::max(mx, w);
    std::vector<double> weights;
    for (double w : cp.log_weight) weights.push_back(std::exp(w - mx));
    RejectionProblem p;
    p.dim = kTrialDim;
    p.what = "gaussian_mixture_trials reference posterior";
    p.propose = [cp, weights](double* theta, Rng& rng) {
      const std::size_t c = rng.categorical(weights);
      const double sd = std::sqrt(cp.var[c]);
      for (Index d = 0; d < kTrialDim; ++d) theta[d] = cp.mean[c][d] + sd * rng.normal();
    };
    p.log_accept = [box](const double* theta) { return box->in_support_one(theta) ? 0.0 : -INFINITY; };
    return rejection_sample(p, n, seed);
  };
  t.distance = [](const MatrixD& x, const RowVectorD& x_o) {
    return trial_mmd_distance(x, x_o, kTrials, kKernelGamma);
  };
  t.distance_name = "mmd2_biased(gamma=0.01)";
  t.misspecified_observation = [box](std::uint64_t seed) {
    Rng rng(seed, 0);
    double theta[kTrialDim];
    box->sample_one(theta, rng);
    RowVectorD x(kTrials * kTrialDim);
    simulate_trials(theta, x.data(), rng);
    for (Index k = kTrials - kTrials / 2; k < kTrials; ++k)
      for (Index d = 0; d < kTrialDim; ++d) {
        const double sign = theta[d] > 0 ? 1.0 : (theta[d] < 0 ? -1.0 : 0.0);
        x[k * kTrialDim + d] = sign * 12.5 + 0.5 * rng.normal();
      }
    return x;
  };
  return t;
}

}  // namespace sbi::sim
