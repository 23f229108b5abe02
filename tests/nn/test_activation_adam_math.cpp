// Tests of the per-element network maths written once for host and device: the activations of
// nn/activation_math.hpp for one float (libm, as a GPU thread evaluates them) against the CPU's
// vectorised Eigen instantiation of the same formulas, and the float Adam update of
// nn/adam_math.hpp against nn::Adam (its Eigen instantiation). No GPU needed.
#include <doctest/doctest.h>

#include <cmath>

#include "core/ops.hpp"
#include "core/rng.hpp"
#include "nn/activation.hpp"
#include "nn/activation_math.hpp"
#include "nn/adam_math.hpp"
#include "nn/optimizer.hpp"

using namespace sbi;

namespace {
const nn::Activation kAll[] = {nn::Activation::Identity, nn::Activation::Relu,
                               nn::Activation::Tanh,     nn::Activation::Elu,
                               nn::Activation::Silu,     nn::Activation::Sigmoid,
                               nn::Activation::Softplus};

// |a - b| ≤ tol·(1 + |b|): float rounding of the two implementations (libm vs Eigen's
// vectorised exp/tanh) differs by a few ulps.
bool close(double a, double b, double tol) { return std::abs(a - b) <= tol * (1 + std::abs(b)); }
}  // namespace

TEST_CASE("shared activation math matches nn::activation_forward and activation_derivative") {
  const int n = 2001;
  std::vector<float> z(n), g(n), y(n), d(n);
  Rng rng(7, 0);
  for (int i = 0; i < n; ++i) {
    z[i] = static_cast<float>(-12.0 + 24.0 * i / (n - 1));  // covers both tails and 0
    g[i] = static_cast<float>(rng.normal());
  }
  for (nn::Activation a : kAll) {
    const int code = static_cast<int>(a);
    CAPTURE(nn::activation_name(a));
    nn::activation_forward(a, z.data(), y.data(), n);
    nn::activation_derivative(a, g.data(), y.data(), z.data(), d.data(), n);
    int bad_forward = 0, bad_backward = 0;
    for (int i = 0; i < n; ++i) {
      const float yy = nn::activation_value(code, z[i]);
      const float dd = nn::activation_gradient(code, g[i], y[i], z[i]);
      bad_forward += close(yy, y[i], 2e-6) ? 0 : 1;
      bad_backward += close(dd, d[i], 2e-6) ? 0 : 1;
    }
    CHECK(bad_forward == 0);
    CHECK(bad_backward == 0);
    CHECK(nn::activation_code_needs_input(code) == nn::activation_needs_input(a));
  }
}

TEST_CASE("shared Adam element update follows nn::Adam step by step") {
  for (int variant = 0; variant < 3; ++variant) {
    CAPTURE(variant);
    Rng rng(11, variant);
    nn::Param p(3, 4);
    p.init_uniform(rng, 1.0);
    nn::ParamList list{{"p", &p}};
    nn::AdamSettings o;
    o.learning_rate = 1e-2;
    o.weight_decay = variant == 0 ? 0.0 : 0.05;
    o.decoupled_weight_decay = variant == 2;
    nn::Adam adam(list, o);
    std::vector<float> value(p.value.data(), p.value.data() + 12), m(12, 0.f), v(12, 0.f);
    for (long t = 1; t <= 25; ++t) {
      for (Index i = 0; i < 12; ++i) p.grad.data()[i] = static_cast<float>(rng.normal());
      adam.step();
      const nn::AdamCoefficients c = nn::adam_coefficients(
          o.learning_rate, o.beta1, o.beta2, o.eps, o.weight_decay, o.decoupled_weight_decay, t);
      for (int i = 0; i < 12; ++i) nn::adam_update(value[i], m[i], v[i], p.grad.data()[i], c);
    }
    // The same float operations in the same order up to Eigen's vectorised evaluation.
    for (int i = 0; i < 12; ++i) CHECK(close(value[i], p.value.data()[i], 1e-6));
  }
}
