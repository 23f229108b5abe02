// CPU tests of the per-element network math shared with the CUDA kernels: activations and their
// derivatives against nn/activation.hpp, the Adam element update against nn::Adam, and the
// one-thread MLP evaluation against nn::MLP. They run in every build (no GPU needed).
#include <doctest/doctest.h>

#include <cmath>

#include "core/ops.hpp"
#include "core/rng.hpp"
#include "cuda/activation_math.hpp"
#include "cuda/adam_math.hpp"
#include "cuda/mlp_potential_math.hpp"
#include "nn/activation.hpp"
#include "nn/mlp.hpp"
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
      const float yy = cuda::activation_forward(code, z[i]);
      const float dd = cuda::activation_backward(code, g[i], y[i], z[i]);
      bad_forward += close(yy, y[i], 2e-6) ? 0 : 1;
      bad_backward += close(dd, d[i], 2e-6) ? 0 : 1;
    }
    CHECK(bad_forward == 0);
    CHECK(bad_backward == 0);
    CHECK(cuda::activation_needs_input(code) == nn::activation_needs_input(a));
  }
}

TEST_CASE("shared Adam element update follows nn::Adam step by step") {
  for (int variant = 0; variant < 3; ++variant) {
    CAPTURE(variant);
    Rng rng(11, variant);
    nn::Param p(3, 4);
    p.init_uniform(rng, 1.0);
    nn::ParamList list{{"p", &p}};
    nn::AdamOptions o;
    o.learning_rate = 1e-2;
    o.weight_decay = variant == 0 ? 0.0 : 0.05;
    o.decoupled_weight_decay = variant == 2;
    nn::Adam adam(list, o);
    std::vector<float> value(p.value.data(), p.value.data() + 12), m(12, 0.f), v(12, 0.f);
    for (long t = 1; t <= 25; ++t) {
      for (Index i = 0; i < 12; ++i) p.grad.data()[i] = static_cast<float>(rng.normal());
      adam.step();
      const cuda::AdamCoefficients c = cuda::adam_coefficients(
          o.learning_rate, o.beta1, o.beta2, o.eps, o.weight_decay, o.decoupled_weight_decay, t);
      for (int i = 0; i < 12; ++i) cuda::adam_update(value[i], m[i], v[i], p.grad.data()[i], c);
    }
    // The same float operations in the same order up to Eigen's vectorised evaluation.
    for (int i = 0; i < 12; ++i) CHECK(close(value[i], p.value.data()[i], 1e-6));
  }
}

TEST_CASE("one-thread MLP evaluation and cost potential match nn::MLP") {
  Rng rng(3, 0);
  nn::MLPConfig cfg;
  cfg.in = 5;
  cfg.hidden = {32, 17};
  cfg.out = 1;
  cfg.activation = nn::Activation::Tanh;
  cfg.output_activation = nn::Activation::Softplus;
  nn::MLP net(cfg, rng);
  // Flat parameters in nn::MLP's order (W then b per layer), the layout of cuda::Mlp.
  std::vector<float> flat;
  for (auto& np : net.parameters())
    flat.insert(flat.end(), np.param->value.data(), np.param->value.data() + np.param->value.size());
  cuda::MlpView view;
  view.num_layers = 3;
  view.width[0] = 5;
  view.width[1] = 32;
  view.width[2] = 17;
  view.width[3] = 1;
  view.hidden_act = static_cast<int>(cfg.activation);
  view.output_act = static_cast<int>(cfg.output_activation);
  view.params = flat.data();

  const int rows = 64;
  MatrixF x(rows, 5);
  for (Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(rng.normal());
  ad::Tape tape;
  nn::NoGradScope no_grad;
  const MatrixF y = net.forward(tape, tape.constant(x)).value();
  for (int r = 0; r < rows; ++r) {
    float out = 0;
    cuda::mlp_forward_row(view, x.row(r).data(), &out);
    CHECK(close(out, y(r, 0), 1e-5));
  }

  // The potential: θ (2 values) ++ context (3 values), standardised, scaled by s, tempered by β,
  // on a box prior.
  const std::vector<float> context = {0.3f, -1.2f, 2.0f};
  const std::vector<float> shift = {0.1f, -0.2f, 0.f, 0.5f, 1.f};
  const std::vector<float> scale = {2.f, 0.5f, 1.f, 3.f, 1.5f};
  const std::vector<double> lower = {-2.0, -3.0}, upper = {2.0, 3.0};
  cuda::CostPotentialView pot;
  pot.net = view;
  pot.theta_dim = 2;
  pot.context_dim = 3;
  pot.context = context.data();
  pot.input_shift = shift.data();
  pot.input_scale = scale.data();
  pot.out_scale = 1.7f;
  pot.beta = 2.5;
  pot.lower = lower.data();
  pot.upper = upper.data();
  const double theta[2] = {0.7, -1.1};
  MatrixF input(1, 5);
  input << float(theta[0]), float(theta[1]), context[0], context[1], context[2];
  for (int i = 0; i < 5; ++i) input(0, i) = (input(0, i) - shift[i]) / scale[i];
  ad::Tape tape2;
  const float c_ref = 1.7f * net.forward(tape2, tape2.constant(input)).value()(0, 0);
  CHECK(close(cuda::cost_value(pot, theta), c_ref, 1e-5));
  CHECK(close(cuda::cost_log_density(pot, theta), -2.5 * double(c_ref), 1e-5));
  const double outside[2] = {2.5, 0.0};
  CHECK(cuda::cost_log_density(pot, outside) == -INFINITY);
}
