// Course lesson 3: normalizing flows (docs/course/03_flows.md).
//  1. A rational-quadratic spline (flows/rq_spline.hpp): strictly monotone, inverse(forward(x))
//     = x, and log|dy/dx| equal to the log of a central finite difference.
//  2. MADE (flows/made.hpp): output block i depends only on inputs j < i (checked by perturbing
//     one input at a time), which is what makes a MAF's Jacobian triangular.
//  3. A MAF fitted by maximum likelihood to a correlated 2-D Gaussian p (ρ = 0.8). On held-out
//     draws, mean(log p - log q) estimates KL(p‖q) ≥ 0, which should be close to 0; and
//     mean log q approaches -H(p) = -(log 2πe + ½ log(1 - ρ²)).
// Exercise (--check): spline_forward_by_hand evaluates the spline from its knots with the
// bin formula; the check compares it with flows::rq_spline_forward_reference.
// Usage: course_03_flows [--fast] [--check]
#include <cmath>
#include <cstdio>
#include <numbers>

#include <sbi/core/rng.hpp>
#include "course_check.hpp"
#include <sbi/flows/density_estimator.hpp>
#include <sbi/flows/made.hpp>
#include <sbi/flows/rq_spline.hpp>
#include <sbi/flows/training.hpp>

using namespace sbi;
using namespace sbi::flows;

namespace {

SplineKnots random_spline(const SplineSettings& o, std::uint64_t seed) {
  Rng rng(seed, 0);
  std::vector<double> params(static_cast<std::size_t>(o.params_per_dim()));
  for (double& v : params) v = rng.normal(0, 1.5);
  return spline_knots(params, o);
}

// EXERCISE: y(x) from the knots. Identity outside [-B, B]; in bin k (x_k ≤ x < x_{k+1}), with
// w = x_{k+1} - x_k, h = y_{k+1} - y_k, δ = h/w, θ = (x - x_k)/w:
//   y = y_k + h (δθ² + d_k θ(1-θ)) / (δ + (d_k + d_{k+1} - 2δ) θ(1-θ))
double spline_forward_by_hand(double x, const SplineKnots& s) {
  if (x <= s.x.front() || x >= s.x.back()) return x;
  std::size_t k = 0;
  while (x >= s.x[k + 1]) ++k;
  const double w = s.x[k + 1] - s.x[k], h = s.y[k + 1] - s.y[k], delta = h / w;
  const double t = (x - s.x[k]) / w, tt = t * (1 - t);
  return s.y[k] + h * (delta * t * t + s.d[k] * tt) / (delta + (s.d[k] + s.d[k + 1] - 2 * delta) * tt);
}

void spline_properties(course::Checks& checks) {
  SplineSettings o;  // 10 bins on [-3, 3]
  const SplineKnots s = random_spline(o, 11);
  double previous = -INFINITY, worst_inverse = 0, worst_logdet = 0;
  bool monotone = true;
  for (double x = -4.0; x <= 4.0; x += 0.01) {
    const SplineValue f = rq_spline_forward_reference(x, s, o);
    monotone = monotone && f.value > previous;
    previous = f.value;
    const SplineValue b = rq_spline_inverse_reference(f.value, s, o);
    worst_inverse = std::max(worst_inverse, std::abs(b.value - x));
    if (std::abs(std::abs(x) - 3.0) > 1e-3) {  // the slope may jump at the tails' knots
      const double h = 1e-6;
      const double fd = (rq_spline_forward_reference(x + h, s, o).value -
                         rq_spline_forward_reference(x - h, s, o).value) / (2 * h);
      worst_logdet = std::max(worst_logdet, std::abs(std::log(fd) - f.logdet));
    }
  }
  std::printf("spline: y(-1) = %.4f, y(0) = %.4f, y(1) = %.4f\n", rq_spline_forward_reference(-1, s, o).value,
              rq_spline_forward_reference(0, s, o).value, rq_spline_forward_reference(1, s, o).value);
  checks.expect(monotone, "the spline is strictly increasing on [-4, 4]");
  checks.expect(worst_inverse < 1e-9, course::describe("max |inverse(forward(x)) - x|", worst_inverse, 0, 1e-9));
  checks.expect(worst_logdet < 1e-5, course::describe("max |log-det - log finite difference|", worst_logdet, 0, 1e-5));
}

void made_is_autoregressive(course::Checks& checks) {
  MadeSettings c;
  c.features = 4;
  c.hidden = 16;
  c.multiplier = 2;  // (shift, log-scale) per feature, parameter-major: column m·D + i
  Rng rng(2, 0);
  MADE made(c, rng);
  MatrixF x = MatrixF::Random(1, 4);
  ad::Tape tape;
  const MatrixF base = made.forward(tape, tape.constant(x), {}).value();
  bool ok = true, later_changed = false;
  for (Index j = 0; j < 4; ++j) {
    MatrixF moved = x;
    moved(0, j) += 1.f;
    tape.reset();
    const MatrixF out = made.forward(tape, tape.constant(moved), {}).value();
    for (Index col = 0; col < 8; ++col) {
      const Index feature = col % 4;
      const bool changed = out(0, col) != base(0, col);
      if (feature <= j && changed) ok = false;  // feature i may only see inputs j < i
      if (feature > j && changed) later_changed = true;
    }
  }
  checks.expect(ok && later_changed, "MADE: moving input j changes only the outputs of features i > j");
}

void fit_gaussian(course::Checks& checks, Index n, int epochs) {
  const double rho = 0.8, entropy = std::log(2 * std::numbers::pi * std::numbers::e) + 0.5 * std::log(1 - rho * rho);
  auto draw = [&](Index rows, std::uint64_t seed) {
    Rng rng(seed, 0);
    MatrixF y(rows, 2);
    for (Index i = 0; i < rows; ++i) {
      const double a = rng.normal(), b = rng.normal();
      y(i, 0) = static_cast<float>(a);
      y(i, 1) = static_cast<float>(rho * a + std::sqrt(1 - rho * rho) * b);
    }
    return y;
  };
  auto log_p = [&](const MatrixF& y, Index i) {
    const double a = y(i, 0), b = y(i, 1), q = (a * a - 2 * rho * a * b + b * b) / (1 - rho * rho);
    return -0.5 * q - std::log(2 * std::numbers::pi) - 0.5 * std::log(1 - rho * rho);
  };
  EstimatorSettings config = maf_config(/*y_dim=*/2, /*context_dim=*/0, /*seed=*/3);
  config.transforms = 3;
  auto maf = build_estimator(config);
  nn::TrainSettings training;
  training.max_epochs = epochs;
  training.adam.learning_rate = 2e-3;
  training.progress = false;
  training.seed = 1;
  const FitResult fit = fit_estimator(*maf, draw(n, 1), MatrixF(n, 0), training);
  const MatrixF test = draw(4000, 2);
  const VectorF log_q = maf->log_prob(test, MatrixF(4000, 0));
  double mean_log_q = 0, kl = 0;
  for (Index i = 0; i < test.rows(); ++i) {
    mean_log_q += log_q(i) / double(test.rows());
    kl += (log_p(test, i) - log_q(i)) / double(test.rows());
  }
  std::printf("MAF: %zu epochs, held-out mean log q = %.4f, -H(p) = %.4f, KL estimate %.4f nats\n",
              fit.train.epochs.size(), mean_log_q, -entropy, kl);
  // The estimate's Monte Carlo sd is sd(log p - log q)/√4000 ≈ 0.005 when q ≈ p.
  checks.expect(kl > -0.02 && kl < 0.05, course::describe("KL(p‖q) estimate", kl, 0, 0.05));
}

void exercise_check(course::Checks& checks) {
  SplineSettings o;
  double worst = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const SplineKnots s = random_spline(o, seed);
    for (double x = -3.5; x <= 3.5; x += 0.013)
      worst = std::max(worst, std::abs(spline_forward_by_hand(x, s) - rq_spline_forward_reference(x, s, o).value));
  }
  checks.expect(worst < 1e-12, course::describe("exercise: max |by hand - reference|", worst, 0, 1e-12));
}

}  // namespace

int main(int argc, char** argv) {
  const course::Args args = course::parse_args(argc, argv);
  course::Checks checks;
  std::printf("== lesson 3: normalizing flows ==\n");
  spline_properties(checks);
  made_is_autoregressive(checks);
  fit_gaussian(checks, args.fast ? 2000 : 10000, args.fast ? 40 : 200);
  if (args.check) exercise_check(checks);
  return checks.exit_code();
}
