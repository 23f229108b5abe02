// ornstein_uhlenbeck (multifidelity). High fidelity: Euler–Maruyama of dx = γ(μ - x)dt + σ dW,
//   dt = 0.1, x_0 ~ N(μ + offset, 1), x_{n+1} = x_n + γ(μ - x_n) dt + σ √dt ξ_n; x = (x_0, x_10,
//   ..., x_90) (10 values). 2-D: θ = (μ, σ), μ ~ U(0.1, 3), σ ~ U(0.1, 0.6), γ = 0.5, offset = 3;
//   4-D: θ = (μ, σ, γ, offset) with γ ~ U(0.1, 1), offset ~ U(0, 4).
// Low fidelity: 10 iid N(μ, sd σ).
// Likelihood (exact for the simulated chain): with a = 1 - γ dt, ten EM steps map
//   x_{10k} → x_{10(k+1)} ~ N(μ + a^10 (x_{10k} - μ), σ² dt Σ_{j<10} a^{2j}); x_0 ~ N(μ + offset, 1).
// Reference posterior: rejection from the prior with a likelihood bound (likelihood_rejection).
#include <cmath>

#include "simulators/function_simulator.hpp"
#include "simulators/gaussian_math.hpp"
#include "simulators/likelihood_rejection.hpp"
#include "simulators/prior_box_uniform.hpp"
#include "simulators/tasks.hpp"

namespace sbi::sim {

namespace {

constexpr double kDt = 0.1;
constexpr int kSaveEvery = 10;
constexpr int kSaved = 10;

struct OuParams {
  double mu, sigma, gamma, offset;
};

OuParams params(const double* theta, bool four_d) {
  return four_d ? OuParams{theta[0], theta[1], theta[2], theta[3]} : OuParams{theta[0], theta[1], 0.5, 3.0};
}

void simulate_hf(const OuParams& p, double* x, Rng& rng) {
  double v = p.mu + p.offset + rng.normal();
  const double noise = p.sigma * std::sqrt(kDt);
  for (int k = 0; k < kSaved; ++k) {
    x[k] = v;
    if (k + 1 == kSaved) break;
    for (int s = 0; s < kSaveEvery; ++s) v += p.gamma * (p.mu - v) * kDt + noise * rng.normal();
  }
}

double log_lik_hf(const OuParams& p, const double* x) {
  if (!(p.sigma > 0)) return -INFINITY;
  const double a = 1.0 - p.gamma * kDt;
  double a_pow = 1.0, var_sum = 0.0;
  for (int j = 0; j < kSaveEvery; ++j) {
    var_sum += a_pow * a_pow;
    a_pow *= a;
  }
  const double var = p.sigma * p.sigma * kDt * var_sum;
  double ll = normal_log_pdf(x[0], p.mu + p.offset, 1.0);
  for (int k = 1; k < kSaved; ++k) ll += normal_log_pdf(x[k], p.mu + a_pow * (x[k - 1] - p.mu), var);
  return ll;
}

double log_lik_lf(const OuParams& p, const double* x) {
  if (!(p.sigma > 0)) return -INFINITY;
  double ll = 0.0;
  for (int k = 0; k < kSaved; ++k) ll += normal_log_pdf(x[k], p.mu, p.sigma * p.sigma);
  return ll;
}

}  // namespace

Task make_ornstein_uhlenbeck_task(bool four_d, bool low_fidelity) {
  Task t;
  t.name = std::string("ornstein_uhlenbeck") + (four_d ? "_4d" : "") + (low_fidelity ? "_lf" : "");
  t.description = std::string(low_fidelity ? "low-fidelity (10 iid N(μ, σ²))" : "Euler-Maruyama OU, dt 0.1") +
                  (four_d ? ", θ = (μ, σ, γ, offset)" : ", θ = (μ, σ)");
  std::shared_ptr<BoxUniformPrior> prior;
  if (four_d) {
    prior = std::make_shared<BoxUniformPrior>((VectorD(4) << 0.1, 0.1, 0.1, 0.0).finished(),
                                              (VectorD(4) << 3.0, 0.6, 1.0, 4.0).finished());
    t.parameter_names = {"mu", "sigma", "gamma", "offset"};
  } else {
    prior = std::make_shared<BoxUniformPrior>((VectorD(2) << 0.1, 0.1).finished(), (VectorD(2) << 3.0, 0.6).finished());
    t.parameter_names = {"mu", "sigma"};
  }
  t.prior = prior;
  const Index dim = prior->dim();
  if (low_fidelity) {
    t.simulator = std::make_shared<FunctionSimulator>(dim, kSaved, [four_d](const double* theta, double* x, Rng& rng) {
      const OuParams p = params(theta, four_d);
      for (int k = 0; k < kSaved; ++k) x[k] = p.mu + p.sigma * rng.normal();
    });
  } else {
    t.simulator = std::make_shared<FunctionSimulator>(dim, kSaved, [four_d](const double* theta, double* x, Rng& rng) {
      simulate_hf(params(theta, four_d), x, rng);
    });
  }
  t.data_names = indexed_names("data", kSaved);
  t.log_likelihood = [four_d, low_fidelity](const MatrixD& theta, const RowVectorD& x_o) {
    VectorD ll(theta.rows());
    for (Index i = 0; i < theta.rows(); ++i) {
      const OuParams p = params(theta.row(i).data(), four_d);
      ll[i] = low_fidelity ? log_lik_lf(p, x_o.data()) : log_lik_hf(p, x_o.data());
    }
    return ll;
  };
  auto loglik = t.log_likelihood;
  t.reference_sampler = [prior, loglik, name = t.name](const RowVectorD& x_o, Index n, std::uint64_t seed) {
    return likelihood_rejection_sample(*prior, loglik, x_o, n, seed, name + " reference posterior");
  };
  return t;
}

Task make_ornstein_uhlenbeck_2d_task() { return make_ornstein_uhlenbeck_task(false, false); }
Task make_ornstein_uhlenbeck_2d_lf_task() { return make_ornstein_uhlenbeck_task(false, true); }
Task make_ornstein_uhlenbeck_4d_task() { return make_ornstein_uhlenbeck_task(true, false); }
Task make_ornstein_uhlenbeck_4d_lf_task() { return make_ornstein_uhlenbeck_task(true, true); }

}  // namespace sbi::sim
