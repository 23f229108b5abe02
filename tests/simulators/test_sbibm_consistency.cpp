// Our task definitions against the published sbibm data: each observation is a plausible draw
// from our simulator at its true θ (χ² / z-score checks), and the sbibm reference samples satisfy
// the score identity E_post[∇_θ (log p(x_o | θ) + log p(θ))] = 0 under our likelihood and prior
// (a wrong likelihood or prior precision would shift the mean score far beyond its MC error).
// For box priors the posterior need not vanish at the bounds, so the Stein form with
// φ(θ_d) = (θ_d - lo)(hi - θ_d), which does, is used: E[φ ∂_d log p + ∂_d φ] = 0.
#include <doctest/doctest.h>

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <cmath>
#include <numbers>

#include "moment_checks.hpp"
#include "simulators/bernoulli_glm_design.hpp"
#include "simulators/prior_box_uniform.hpp"
#include "simulators/sbibm_loader.hpp"
#include "simulators/task.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::sim;

namespace {
SbibmObservation load(const char* task, int k) {
  return load_sbibm_observation((test::data_dir() / "sbibm").string(), task, k);
}

// Mean score of the log posterior over reference samples, per dimension, by central differences.
void check_score_identity(const Task& t, const SbibmObservation& o, const std::string& what) {
  const MatrixD& s = o.reference_samples;
  const double h = 1e-5;
  for (Index d = 0; d < s.cols(); ++d) {
    MatrixD plus = s, minus = s;
    plus.col(d).array() += h;
    minus.col(d).array() -= h;
    const VectorD score = ((t.evaluate_log_likelihood(plus, o.observation) + t.prior->log_prob(plus)) -
                           (t.evaluate_log_likelihood(minus, o.observation) + t.prior->log_prob(minus))) / (2 * h);
    VectorD stein = score;
    if (const auto* box = dynamic_cast<const BoxUniformPrior*>(t.prior.get())) {
      const double lo = box->lower()[d], hi = box->upper()[d];
      for (Index i = 0; i < s.rows(); ++i) {
        const double th = s(i, d);
        stein[i] = (th - lo) * (hi - th) * (std::isfinite(score[i]) ? score[i] : 0.0) + (hi + lo - 2 * th);
      }
    }
    REQUIRE(stein.allFinite());
    test::check_mean(stein, 0.0, what + " Stein identity dim " + std::to_string(d));
  }
}
}  // namespace

TEST_CASE("gaussian_linear observations are N(θ_true, 0.1·I) draws: Σ (x - θ)²/0.1 ~ χ²(100)") {
  if (!test::have_data("sbibm/gaussian_linear/num_observation_1")) return;
  double chi2 = 0;
  for (int k = 1; k <= 10; ++k) {
    const auto o = load("gaussian_linear", k);
    chi2 += (o.observation - o.true_parameters).squaredNorm() / 0.1;
  }
  CHECK(std::abs(chi2 - 100.0) < 5 * std::sqrt(200.0));
}

TEST_CASE("slcp observations are plausible under our likelihood; sbibm reference satisfies the score identity") {
  if (!test::have_data("sbibm/slcp/num_observation_1")) return;
  const Task t = make_task("slcp");
  double chi2 = 0;
  for (int k = 1; k <= 10; ++k) {
    const auto o = load("slcp", k);
    const double* th = o.true_parameters.data();
    const double s1 = th[2] * th[2], s2 = th[3] * th[3], rho = std::tanh(th[4]);
    Eigen::Matrix2d S;
    S << s1 * s1 + 1e-6, rho * s1 * s2, rho * s1 * s2, s2 * s2 + 1e-6;
    const Eigen::Matrix2d P = S.inverse();
    for (int j = 0; j < 4; ++j) {
      const Eigen::Vector2d r(o.observation[2 * j] - th[0], o.observation[2 * j + 1] - th[1]);
      chi2 += r.dot(P * r);
    }
  }
  CHECK(std::abs(chi2 - 80.0) < 5 * std::sqrt(160.0));
  for (int k : {1, 2, 3, 4}) {
    const auto o = load("slcp", k);
    check_score_identity(t, o, "slcp observation " + std::to_string(k));
  }
}

TEST_CASE("two_moons observations lie on the moon around the shifted centre at θ_true") {
  if (!test::have_data("sbibm/two_moons/num_observation_1")) return;
  for (int k = 1; k <= 10; ++k) {
    const auto o = load("two_moons", k);
    const double* th = o.true_parameters.data();
    const double p0 = o.observation[0] + std::abs(th[0] + th[1]) / std::sqrt(2.0) - 0.25;
    const double p1 = o.observation[1] - (th[1] - th[0]) / std::sqrt(2.0);
    CHECK(std::abs(std::hypot(p0, p1) - 0.1) < 5 * 0.01 + 1e-6);  // r ~ N(0.1, 0.01²); files are float32
    CHECK(p0 > -1e-6);                                              // angle within [-π/2, π/2]
  }
}

TEST_CASE("bernoulli_glm observations match our GLM at θ_true; sbibm reference satisfies the score identity") {
  if (!test::have_data("sbibm/bernoulli_glm/num_observation_1")) return;
  const Task t = make_task("bernoulli_glm");
  const MatrixD& X = bernoulli_glm_design_matrix();
  double chi2 = 0;
  for (int k = 1; k <= 10; ++k) {
    const auto o = load("bernoulli_glm", k);
    const VectorD psi = X * o.true_parameters.transpose();
    const VectorD p = (1.0 / (1.0 + (-psi.array()).exp())).matrix();
    // x = Xᵀy: mean Xᵀp, covariance Xᵀ diag(p(1-p)) X.
    const VectorD mean = X.transpose() * p;
    const Eigen::MatrixXd cov = X.transpose() * (p.array() * (1 - p.array())).matrix().asDiagonal() * X;
    const VectorD r = o.observation.transpose() - mean;
    chi2 += r.dot(cov.ldlt().solve(r));
  }
  CHECK(std::abs(chi2 - 100.0) < 5 * std::sqrt(200.0));
  for (int k : {1, 2}) {
    auto o = load("bernoulli_glm", k);
    o.reference_samples = o.reference_samples.topRows(4000).eval();  // keeps the test fast
    check_score_identity(t, o, "bernoulli_glm observation " + std::to_string(k));
  }
}
