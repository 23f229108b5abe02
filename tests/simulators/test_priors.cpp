// Priors: moments of samples, normalisation (through the bijection), bijection round trip,
// log-determinant against finite differences, support, thread-count invariance, bad input.
#include <doctest/doctest.h>

#include <Eigen/LU>
#include <cmath>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "moment_checks.hpp"
#include "simulators/bernoulli_glm_design.hpp"
#include "simulators/prior_box_uniform.hpp"
#include "simulators/prior_gaussian.hpp"
#include "simulators/prior_lognormal.hpp"
#include "simulators/prior_product.hpp"

using namespace sbi;
using namespace sbi::sim;

namespace {

std::vector<PriorPtr> example_priors() {
  Eigen::MatrixXd cov(2, 2);
  cov << 0.5, 0.2, 0.2, 0.3;
  auto box = std::make_shared<BoxUniformPrior>((VectorD(2) << -1.0, 0.1).finished(), (VectorD(2) << 2.0, 0.6).finished());
  auto gauss = std::make_shared<GaussianPrior>((VectorD(2) << 0.3, -1.0).finished(), cov);
  auto gauss_prec = std::make_shared<GaussianPrior>(VectorD::Zero(2), cov, GaussianPrior::Form::precision);
  auto logn = std::make_shared<LogNormalPrior>((VectorD(2) << std::log(0.4), -0.125).finished(),
                                               (VectorD(2) << 0.5, 0.2).finished());
  auto product = std::make_shared<ProductPrior>(std::vector<PriorPtr>{
      std::make_shared<BoxUniformPrior>(1, 0.0, 4.0), std::make_shared<LogNormalPrior>(VectorD::Zero(1), VectorD::Ones(1))});
  return {box, gauss, gauss_prec, logn, product};
}

}  // namespace

TEST_CASE("prior samples have the stated mean and sd") {
  for (const auto& prior : example_priors()) {
    const MatrixD s = prior->sample(40000, 7);
    const VectorD mean = prior->mean(), sd = prior->sd();
    for (Index d = 0; d < prior->dim(); ++d) {
      test::check_mean(s.col(d), mean[d], prior->describe() + " mean dim " + std::to_string(d));
      test::check_variance(s.col(d), sd[d] * sd[d], prior->describe() + " var dim " + std::to_string(d));
    }
    for (bool in : prior->in_support(s)) CHECK(in);
  }
}

TEST_CASE("Gaussian prior in covariance and precision form agree; off-diagonal covariance is sampled") {
  Eigen::MatrixXd cov(2, 2);
  cov << 0.5, 0.2, 0.2, 0.3;
  GaussianPrior a(VectorD::Zero(2), cov);
  GaussianPrior b(VectorD::Zero(2), cov.inverse(), GaussianPrior::Form::precision);
  CHECK((a.covariance() - b.covariance()).cwiseAbs().maxCoeff() < 1e-12);
  MatrixD theta(1, 2);
  theta << 0.3, -0.7;
  CHECK(a.log_prob(theta)[0] == doctest::Approx(b.log_prob(theta)[0]).epsilon(1e-12));
  // Closed form: -½ θᵀΣ⁻¹θ - ½ log det(2πΣ).
  const VectorD t = theta.row(0).transpose();
  const double expected = -0.5 * t.dot(cov.inverse() * t) - 0.5 * std::log((2 * M_PI * cov).determinant());
  CHECK(a.log_prob(theta)[0] == doctest::Approx(expected).epsilon(1e-12));
  const MatrixD s = a.sample(40000, 3);
  const VectorD prod = s.col(0).cwiseProduct(s.col(1));
  test::check_mean(prod, 0.2, "E[θ1 θ2]");
}

TEST_CASE("prior densities integrate to one through the bijection") {
  // ∫ p(T(z)) |det ∂T/∂z| dz = 1 on a grid in unconstrained space (2-D, midpoint rule).
  for (const auto& prior : example_priors()) {
    const int n = 400;
    const double lo = -12, hi = 12, h = (hi - lo) / n;
    double total = 0;
    MatrixD z(n * n, 2);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) z.row(i * n + j) << lo + (i + 0.5) * h, lo + (j + 0.5) * h;
    const MatrixD theta = prior->from_unconstrained(z);
    const VectorD lp = prior->log_prob(theta), ld = prior->log_abs_det_jacobian(z);
    for (Index k = 0; k < z.rows(); ++k) total += std::exp(lp[k] + ld[k]) * h * h;
    INFO(prior->describe());
    CHECK(total == doctest::Approx(1.0).epsilon(2e-3));
  }
}

TEST_CASE("bijection round trip and log-determinant against finite differences") {
  for (const auto& prior : example_priors()) {
    const MatrixD theta = prior->sample(50, 11);
    const MatrixD z = prior->to_unconstrained(theta);
    const MatrixD back = prior->from_unconstrained(z);
    CHECK((back - theta).cwiseAbs().maxCoeff() < 1e-10);
    const VectorD ld = prior->log_abs_det_jacobian(z);
    const Index d = prior->dim();
    for (Index i = 0; i < z.rows(); ++i) {
      Eigen::MatrixXd J(d, d);
      for (Index k = 0; k < d; ++k) {
        MatrixD zp = z.row(i), zm = z.row(i);
        const double h = 1e-5;
        zp(0, k) += h;
        zm(0, k) -= h;
        J.col(k) = ((prior->from_unconstrained(zp) - prior->from_unconstrained(zm)) / (2 * h)).transpose();
      }
      INFO(prior->describe() << " row " << i);
      CHECK(std::log(std::abs(J.determinant())) == doctest::Approx(ld[i]).epsilon(1e-6).scale(1.0));
    }
  }
}

TEST_CASE("support and log_prob outside the support") {
  BoxUniformPrior box(2, -1, 1);
  MatrixD t(3, 2);
  t << 0, 0, 1.5, 0, -1, 1;
  const VectorD lp = box.log_prob(t);
  CHECK(lp[0] == doctest::Approx(-std::log(4.0)));
  CHECK(std::isinf(lp[1]));
  CHECK(lp[1] < 0);
  CHECK(lp[2] == doctest::Approx(-std::log(4.0)));
  CHECK_THROWS_AS(box.to_unconstrained(t), ValueError);
  LogNormalPrior ln(VectorD::Zero(1), VectorD::Ones(1));
  MatrixD neg(1, 1);
  neg << -0.5;
  CHECK(std::isinf(ln.log_prob(neg)[0]));
  CHECK_FALSE(ln.in_support(neg)[0]);
}

TEST_CASE("prior sampling is thread-count invariant") {
  for (const auto& prior : example_priors()) {
    MatrixD a, b;
    {
      ThreadCountGuard g(1);
      a = prior->sample(3000, 5);
    }
    {
      ThreadCountGuard g(2);
      b = prior->sample(3000, 5);
    }
    CHECK(a == b);
  }
}

TEST_CASE("prior errors name the problem") {
  CHECK_THROWS_AS(BoxUniformPrior(2, 1.0, -1.0), ValueError);
  CHECK_THROWS_AS(BoxUniformPrior(VectorD::Zero(2), VectorD::Ones(3)), ShapeError);
  Eigen::MatrixXd notpd(2, 2);
  notpd << 1, 2, 2, 1;
  CHECK_THROWS_AS(GaussianPrior(VectorD::Zero(2), notpd), ValueError);
  CHECK_THROWS_AS(LogNormalPrior(VectorD::Zero(1), VectorD::Zero(1)), ValueError);
  BoxUniformPrior box(2, -1, 1);
  CHECK_THROWS_AS(box.log_prob(MatrixD::Zero(3, 5)), ShapeError);
}

TEST_CASE("Bernoulli GLM prior precision matches the TASKS.md construction") {
  const Eigen::MatrixXd B = bernoulli_glm_prior_precision();
  CHECK(B(0, 0) == 0.5);
  for (Index j = 1; j < 10; ++j) CHECK(B(0, j) == 0.0);
  // F = D·D + diag(sqrt(i/9)); D = I - subdiagonal. Check entries of F explicitly.
  Eigen::MatrixXd F = Eigen::MatrixXd::Zero(9, 9);
  for (int i = 0; i < 9; ++i) {
    F(i, i) = 1.0 + std::sqrt(i / 9.0);
    if (i >= 1) F(i, i - 1) = -2.0;
    if (i >= 2) F(i, i - 2) = 1.0;
  }
  CHECK((B.bottomRightCorner(9, 9) - F.transpose() * F).cwiseAbs().maxCoeff() < 1e-12);
}

// The closed-form gradients against central differences taken here, and against the base
// class's finite-difference fallback (called non-virtually), at prior draws.
TEST_CASE("prior gradients: log_prob_gradient and pullback_gradient match finite differences") {
  Rng rng(5, 0);
  for (const auto& prior : example_priors()) {
    CAPTURE(prior->describe());
    const Index d = prior->dim();
    const MatrixD theta = prior->sample(20, 11);
    const MatrixD z = prior->to_unconstrained(theta);
    MatrixD g(theta.rows(), d);
    for (Index i = 0; i < g.size(); ++i) g.data()[i] = rng.normal();
    const MatrixD grad = prior->log_prob_gradient(theta);
    const MatrixD pulled = prior->pullback_gradient(z, g);
    std::vector<double> fallback(static_cast<std::size_t>(d)), fallback_z(static_cast<std::size_t>(d));
    for (Index i = 0; i < theta.rows(); ++i) {
      prior->Prior::log_prob_gradient_one(theta.row(i).data(), fallback.data());
      prior->Prior::pullback_gradient_one(z.row(i).data(), g.row(i).data(), fallback_z.data());
      for (Index c = 0; c < d; ++c) {
        const double h = 1e-5 * std::max(1.0, std::abs(theta(i, c)));
        RowVectorD up = theta.row(i), down = theta.row(i);
        up(c) += h;
        down(c) -= h;
        const double fd = (prior->log_prob_one(up.data()) - prior->log_prob_one(down.data())) / (2 * h);
        CHECK(grad(i, c) == doctest::Approx(fd).epsilon(1e-5).scale(1.0));
        CHECK(grad(i, c) == doctest::Approx(fallback[static_cast<std::size_t>(c)]).epsilon(1e-5).scale(1.0));
        // φ(z) = g·T(z) + log|det ∂T/∂z| has gradient Jᵀg + ∇ log|det J|.
        const double hz = 1e-5 * std::max(1.0, std::abs(z(i, c)));
        RowVectorD zu = z.row(i), zd = z.row(i), tu(d), td(d);
        zu(c) += hz;
        zd(c) -= hz;
        const double ld_up = prior->from_unconstrained_one(zu.data(), tu.data());
        const double ld_down = prior->from_unconstrained_one(zd.data(), td.data());
        const double fd_z = (g.row(i).dot(tu) + ld_up - g.row(i).dot(td) - ld_down) / (2 * hz);
        CHECK(pulled(i, c) == doctest::Approx(fd_z).epsilon(1e-5).scale(1.0));
        CHECK(pulled(i, c) == doctest::Approx(fallback_z[static_cast<std::size_t>(c)]).epsilon(1e-5).scale(1.0));
      }
    }
  }
  CHECK_THROWS_AS(example_priors()[0]->log_prob_gradient(MatrixD::Zero(3, 5)), ShapeError);
  CHECK_THROWS_AS(example_priors()[0]->pullback_gradient(MatrixD::Zero(3, 2), MatrixD::Zero(2, 2)), ShapeError);
}
