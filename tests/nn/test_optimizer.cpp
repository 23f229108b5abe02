// Adam/AdamW against a hand computation, gradient clipping and learning-rate schedules.
#include <cmath>

#include "nn/optimizer.hpp"
#include "nn_test_util.hpp"

using namespace sbi;
using namespace sbi::nn;

namespace {
// Adam in double, written out from the formula (PyTorch semantics).
struct HandAdam {
  double lr, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0;
  bool decoupled = false;
  double m = 0, v = 0;
  int t = 0;
  double step(double p, double g) {
    ++t;
    if (decoupled) p *= 1 - lr * wd;
    else g += wd * p;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    const double mhat = m / (1 - std::pow(b1, t)), vhat = v / (1 - std::pow(b2, t));
    return p - lr * mhat / (std::sqrt(vhat) + eps);
  }
};
}  // namespace

TEST_CASE("Adam and AdamW steps match a hand computation") {
  const double grads[3][2] = {{0.5, -1.0}, {0.1, 0.3}, {-2.0, 1e-4}};
  for (int variant = 0; variant < 3; ++variant) {
    CAPTURE(variant);
    Param p(1, 2);
    p.value << 1.0f, -2.0f;
    AdamSettings o;
    o.learning_rate = 0.01;
    if (variant >= 1) o.weight_decay = 0.1;
    o.decoupled_weight_decay = variant == 2;
    Adam adam({{"p", &p}}, o);
    HandAdam h[2] = {{0.01}, {0.01}};
    double expect[2] = {1.0, -2.0};
    for (auto& hh : h) {
      hh.wd = o.weight_decay;
      hh.decoupled = o.decoupled_weight_decay;
    }
    for (const auto& g : grads) {
      p.grad << float(g[0]), float(g[1]);
      adam.step();
      for (int j = 0; j < 2; ++j) expect[j] = h[j].step(expect[j], g[j]);
      for (int j = 0; j < 2; ++j) CHECK(p.value(0, j) == doctest::Approx(expect[j]).epsilon(1e-6));
    }
    CHECK(adam.steps() == 3);
  }
  // First step of Adam moves each weight by ≈ lr·sign(g).
  Param q(1, 1);
  q.value << 0.f;
  q.grad << 123.f;
  Adam a({{"q", &q}}, AdamSettings{0.5});
  a.step();
  CHECK(q.value(0, 0) == doctest::Approx(-0.5).epsilon(1e-6));
  CHECK_THROWS(Adam({{"q", &q}}, AdamSettings{-1.0}));
}

TEST_CASE("gradient-norm clipping scales all gradients by max/(norm + 1e-6)") {
  Param a(1, 1), b(1, 1);
  a.grad << 3.f;
  b.grad << 4.f;
  ParamList params{{"a", &a}, {"b", &b}};
  CHECK(clip_gradient_norm(params, 10.0) == doctest::Approx(5.0));
  CHECK(a.grad(0, 0) == 3.f);  // below the limit: unchanged
  CHECK(clip_gradient_norm(params, 1.0) == doctest::Approx(5.0));
  CHECK(a.grad(0, 0) == doctest::Approx(3.0 / (5.0 + 1e-6)).epsilon(1e-6));
  CHECK(b.grad(0, 0) == doctest::Approx(4.0 / (5.0 + 1e-6)).epsilon(1e-6));
}

TEST_CASE("learning-rate schedules") {
  LearningRateSchedule s;
  CHECK(s.rate(0.1, 7) == 0.1);
  s.kind = LearningRateSchedule::Kind::Exponential;
  s.gamma = 0.5;
  CHECK(s.rate(0.1, 3) == doctest::Approx(0.0125));
  s.kind = LearningRateSchedule::Kind::Step;
  s.step_epochs = 10;
  CHECK(s.rate(0.1, 9) == doctest::Approx(0.1));
  CHECK(s.rate(0.1, 25) == doctest::Approx(0.025));
}
