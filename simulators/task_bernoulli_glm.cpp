// bernoulli_glm and bernoulli_glm_raw (sbibm): θ ~ N(0, precision B) (10-D);
//   y_t ~ Bernoulli(σ((Xθ)_t)), t = 1..100 (X, B, summaries: bernoulli_glm_design.hpp).
// bernoulli_glm returns the 10 summaries, bernoulli_glm_raw the 100 outputs y.
// Likelihood: log p(y | θ) = Σ_t [y_t ψ_t - log(1 + e^{ψ_t})], ψ = Xθ. For the summaries
//   x = Xᵀy this equals θ·x - Σ_t log(1 + e^{ψ_t}) up to a θ-independent constant
//   (log of the number of spike trains with the same x), so both tasks have it.
// The reference posterior needs MCMC (Pólya–Gamma Gibbs in sbibm): not available here yet.
#include <cmath>

#include "simulators/bernoulli_glm_design.hpp"
#include "simulators/function_simulator.hpp"
#include "simulators/gaussian_math.hpp"
#include "simulators/prior_gaussian.hpp"
#include "simulators/tasks.hpp"

namespace sbi::sim {

namespace {

double softplus(double z) { return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }

void simulate_spikes(const double* theta, double* y, Rng& rng) {
  const MatrixD& X = bernoulli_glm_design_matrix();
  for (Index t = 0; t < kGlmSteps; ++t) {
    double psi = 0.0;
    for (Index j = 0; j < kGlmParams; ++j) psi += X(t, j) * theta[j];
    const double p = 1.0 / (1.0 + std::exp(-psi));
    y[t] = rng.uniform() < p ? 1.0 : 0.0;
  }
}

// Σ_t softplus((Xθ)_t) per row.
double log_partition(const double* theta) {
  const MatrixD& X = bernoulli_glm_design_matrix();
  double a = 0.0;
  for (Index t = 0; t < kGlmSteps; ++t) {
    double psi = 0.0;
    for (Index j = 0; j < kGlmParams; ++j) psi += X(t, j) * theta[j];
    a += softplus(psi);
  }
  return a;
}

Task bernoulli_glm_base(bool raw) {
  Task t;
  t.name = raw ? "bernoulli_glm_raw" : "bernoulli_glm";
  t.prior = std::make_shared<GaussianPrior>(VectorD::Zero(kGlmParams), bernoulli_glm_prior_precision(),
                                            GaussianPrior::Form::precision);
  t.parameter_names = indexed_names("parameter", kGlmParams);
  t.reference_unavailable = "not yet available (needs MCMC on the tractable likelihood; mcmc module pending)";
  return t;
}

}  // namespace

Task make_bernoulli_glm_task() {
  Task t = bernoulli_glm_base(false);
  t.description = "Bernoulli GLM with white-noise stimulus, 10 sufficient summaries";
  t.simulator = std::make_shared<FunctionSimulator>(kGlmParams, kGlmParams, [](const double* theta, double* x, Rng& rng) {
    double y[kGlmSteps];
    simulate_spikes(theta, y, rng);
    bernoulli_glm_summaries(y, x);
  }, 64);
  t.data_names = indexed_names("data", kGlmParams);
  t.log_likelihood = [](const MatrixD& theta, const RowVectorD& x_o) {
    VectorD ll(theta.rows());
    for (Index i = 0; i < theta.rows(); ++i) ll[i] = theta.row(i).dot(x_o) - log_partition(theta.row(i).data());
    return ll;
  };
  return t;
}

Task make_bernoulli_glm_raw_task() {
  Task t = bernoulli_glm_base(true);
  t.description = "Bernoulli GLM with white-noise stimulus, raw 100 binary outputs";
  t.simulator = std::make_shared<FunctionSimulator>(kGlmParams, kGlmSteps, [](const double* theta, double* y, Rng& rng) {
    simulate_spikes(theta, y, rng);
  }, 64);
  t.data_names = indexed_names("data", kGlmSteps);
  t.log_likelihood = [](const MatrixD& theta, const RowVectorD& y_o) {
    const MatrixD& X = bernoulli_glm_design_matrix();
    const RowVectorD xty = (X.transpose() * y_o.transpose()).transpose();
    VectorD ll(theta.rows());
    for (Index i = 0; i < theta.rows(); ++i) ll[i] = theta.row(i).dot(xty) - log_partition(theta.row(i).data());
    return ll;
  };
  return t;
}

}  // namespace sbi::sim
