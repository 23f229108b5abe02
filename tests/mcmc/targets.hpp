// Analytic target densities for the MCMC tests (batched, with gradients) and a Monte-Carlo
// check of an expectation whose tolerance comes from the chains' own effective sample size.
#pragma once
#include <doctest/doctest.h>

#include <Eigen/Cholesky>
#include <cmath>
#include <functional>

#include "mcmc/diagnostics.hpp"
#include "mcmc/log_density.hpp"
#include "mcmc/result.hpp"

namespace sbi::mcmc::test {

// N(mu, Σ) with Σ_ij = s_i s_j ρ^|i−j| (AR(1) correlation, scales s_i from 0.5 to 2).
struct CorrelatedGaussian {
  VectorD mu;
  MatrixD cov, precision;

  explicit CorrelatedGaussian(Index dim, double rho = 0.8) {
    mu.resize(dim);
    VectorD s(dim);
    for (Index i = 0; i < dim; ++i) {
      mu[i] = 0.5 * static_cast<double>(i) - 1.0;
      s[i] = 0.5 + 1.5 * static_cast<double>(i) / std::max<double>(1.0, dim - 1.0);
    }
    cov.resize(dim, dim);
    for (Index i = 0; i < dim; ++i)
      for (Index j = 0; j < dim; ++j)
        cov(i, j) = s[i] * s[j] * std::pow(rho, std::abs(static_cast<double>(i - j)));
    precision = cov.llt().solve(MatrixD::Identity(dim, dim));
  }

  LogDensity density() const {
    LogDensity d;
    d.dim = mu.size();
    auto self = *this;
    d.value = [self](ConstRowsD theta, ValuesD logp) {
      const MatrixD r = theta.rowwise() - self.mu.transpose();
      logp = -0.5 * (r * self.precision).cwiseProduct(r).rowwise().sum();
    };
    d.value_and_grad = [self](ConstRowsD theta, ValuesD logp, RowsD grad) {
      const MatrixD r = theta.rowwise() - self.mu.transpose();
      grad = -(r * self.precision);
      logp = 0.5 * grad.cwiseProduct(r).rowwise().sum();
    };
    return d;
  }
};

// Twisted Gaussian ("banana"): θ1 = x1, θ2 = x2 + b(x1² − a²), x1 ~ N(0, a²), x2 ~ N(0, 1).
// E θ = 0, Var θ1 = a², Var θ2 = 1 + 2b²a⁴, Cov(θ1, θ2) = 0, E[θ1² θ2] = 2 b a⁴.
struct Banana {
  double a = 1.0, b = 1.0;

  LogDensity density() const {
    LogDensity d;
    d.dim = 2;
    const double a2 = a * a, bb = b;
    d.value_and_grad = [a2, bb](ConstRowsD theta, ValuesD logp, RowsD grad) {
      for (Index i = 0; i < theta.rows(); ++i) {
        const double t1 = theta(i, 0), r = theta(i, 1) - bb * (t1 * t1 - a2);
        logp[i] = -0.5 * t1 * t1 / a2 - 0.5 * r * r;
        grad(i, 0) = -t1 / a2 + 2.0 * bb * t1 * r;
        grad(i, 1) = -r;
      }
    };
    d.value = [f = d.value_and_grad](ConstRowsD theta, ValuesD logp) {
      MatrixD g(theta.rows(), theta.cols());
      f(theta, logp, g);
    };
    return d;
  }
};

// Chains × draws matrix of f(θ) over the result's draws.
inline MatrixD function_chains(const McmcResult& r, const std::function<double(const double*)>& f) {
  MatrixD out(r.num_chains, r.num_draws);
  for (Index c = 0; c < r.num_chains; ++c)
    for (Index t = 0; t < r.num_draws; ++t) {
      const RowVectorD row = r.draw(c, t);
      out(c, t) = f(row.data());
    }
  return out;
}

// Checks |E_mcmc f − truth| < k · sd(f) / sqrt(ESS(f)) (ESS of the split chains of f).
inline void check_expectation(const McmcResult& r, const std::function<double(const double*)>& f,
                              double truth, const char* what, double k = 5.0) {
  const MatrixD fc = function_chains(r, f);
  const double mean = fc.mean();
  const double sd = std::sqrt((fc.array() - mean).square().sum() / (fc.size() - 1.0));
  const double ess = ess_mean(fc);
  const double tol = k * sd / std::sqrt(ess);
  INFO(what << ": estimate " << mean << ", truth " << truth << ", tol " << tol << ", ESS " << ess);
  CHECK(ess > 50.0);
  CHECK(std::abs(mean - truth) < tol);
}

}  // namespace sbi::mcmc::test
