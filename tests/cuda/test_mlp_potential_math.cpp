// CPU test of the one-thread MLP evaluation and cost potential of the GPU samplers
// (cuda/mlp_potential_math.hpp) against nn::MLP. It runs in every build (no GPU needed).
#include <doctest/doctest.h>

#include <cmath>

#include "core/ops.hpp"
#include "core/rng.hpp"
#include "cuda/mlp_potential_math.hpp"
#include "nn/activation.hpp"
#include "nn/mlp.hpp"

using namespace sbi;

namespace {
// |a - b| ≤ tol·(1 + |b|): float rounding of the two implementations (libm vs Eigen's
// vectorised exp/tanh) differs by a few ulps.
bool close(double a, double b, double tol) { return std::abs(a - b) <= tol * (1 + std::abs(b)); }
}  // namespace

TEST_CASE("one-thread MLP evaluation and cost potential match nn::MLP") {
  Rng rng(3, 0);
  nn::MLPSettings cfg;
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
