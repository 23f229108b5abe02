// Maximum-likelihood fits of known densities, checked by KL divergence by quadrature:
// a conditional Gaussian y | c ~ N(a·c + b, s²) (MAF and NSF) and a 2-D banana (NSF).
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "flows/density_estimator.hpp"
#include "flows/training.hpp"

using namespace sbi;
using namespace sbi::flows;

namespace {

double normal_logpdf(double x, double m, double s) {
  return -0.5 * std::pow((x - m) / s, 2) - std::log(s) - 0.5 * std::log(2 * std::numbers::pi);
}

nn::TrainSettings fit_options(int epochs) {
  nn::TrainSettings o;
  o.max_epochs = epochs;
  o.progress = false;
  o.adam.learning_rate = 2e-3;
  o.seed = 1;
  return o;
}

}  // namespace

TEST_CASE("fit a conditional Gaussian y | c ~ N(1.5 c + 0.5, 0.3²)") {
  const double a = 1.5, b = 0.5, s = 0.3;
  Rng rng(21, 0);
  const Index n = 3000;
  MatrixF y(n, 1), c(n, 1);
  for (Index i = 0; i < n; ++i) {
    c(i, 0) = static_cast<float>(rng.uniform(-2, 2));
    y(i, 0) = static_cast<float>(rng.normal(a * c(i, 0) + b, s));
  }
  y(7, 0) = NAN;  // dropped and counted
  for (const char* kind : {"maf", "nsf", "mdn"}) {
    INFO(std::string(kind));
    EstimatorSettings cfg = std::string(kind) == "maf" ? maf_config(1, 1, 4)
                          : std::string(kind) == "nsf" ? nsf_config(1, 1, 4) : mdn_config(1, 1, 4);
    cfg.transforms = 3;
    auto est = build_estimator(cfg);
    const FitResult r = fit_estimator(*est, y, c, fit_options(40));
    CHECK(r.dropped_rows == 1);
    // KL(p || q) and the mean and sd of q by quadrature at three contexts.
    for (double ctx : {-1.0, 0.0, 1.0}) {
      const double m = a * ctx + b;
      const Index points = 2000;
      const double lo = m - 8 * s, h = 16 * s / points;
      MatrixF grid(points, 1);
      for (Index i = 0; i < points; ++i) grid(i, 0) = static_cast<float>(lo + h * (i + 0.5));
      MatrixF cr(1, 1);
      cr << static_cast<float>(ctx);
      const VectorF lq = est->log_prob(grid, cr);
      double kl = 0, qm = 0, q2 = 0;
      for (Index i = 0; i < points; ++i) {
        const double x = grid(i, 0), lp = normal_logpdf(x, m, s);
        kl += std::exp(lp) * (lp - lq(i)) * h;
        const double q = std::exp(static_cast<double>(lq(i))) * h;
        qm += q * x;
        q2 += q * x * x;
      }
      const double qsd = std::sqrt(q2 - qm * qm);
      MESSAGE(std::string(kind) << " context " << ctx << ": KL " << kl << ", mean " << qm << ", sd " << qsd);
      // Estimation error with ~3000 points is a few hundredths of s in mean and sd; the
      // bounds leave room for the finite training (40 epochs).
      CHECK(kl < 0.05);
      CHECK(std::abs(qm - m) < 0.1);
      CHECK(std::abs(qsd - s) < 0.06);
    }
  }
}

TEST_CASE("fit a 2-D banana with NSF: KL by quadrature small") {
  // y₁ ~ N(0, 1), y₂ | y₁ ~ N(y₁² / 2, 0.5²).
  auto logp = [](double y1, double y2) {
    return normal_logpdf(y1, 0, 1) + normal_logpdf(y2, 0.5 * y1 * y1, 0.5);
  };
  Rng rng(31, 0);
  const Index n = 4000;
  MatrixF y(n, 2);
  for (Index i = 0; i < n; ++i) {
    const double y1 = rng.normal();
    y(i, 0) = static_cast<float>(y1);
    y(i, 1) = static_cast<float>(rng.normal(0.5 * y1 * y1, 0.5));
  }
  EstimatorSettings cfg = nsf_config(2, 0, 5);
  cfg.transforms = 4;
  auto est = build_estimator(cfg);
  fit_estimator(*est, y, MatrixF(), fit_options(40));
  const Index points = 200;
  const double x0 = -5, x1 = 5, z0 = -3, z1 = 13;
  const double hx = (x1 - x0) / points, hz = (z1 - z0) / points;
  MatrixF grid(points * points, 2);
  for (Index i = 0; i < grid.rows(); ++i) {
    grid(i, 0) = static_cast<float>(x0 + hx * (i % points + 0.5));
    grid(i, 1) = static_cast<float>(z0 + hz * (i / points + 0.5));
  }
  const VectorF lq = est->log_prob(grid, MatrixF());
  double kl = 0, mass = 0;
  for (Index i = 0; i < grid.rows(); ++i) {
    const double lp = logp(grid(i, 0), grid(i, 1));
    kl += std::exp(lp) * (lp - lq(i)) * hx * hz;
    mass += std::exp(lp) * hx * hz;
  }
  MESSAGE("banana NSF: KL " << kl << ", target mass on grid " << mass);
  CHECK(mass > 0.999);
  CHECK(kl < 0.1);
}
