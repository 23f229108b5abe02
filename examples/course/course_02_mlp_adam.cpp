// Course lesson 2: an MLP and Adam (docs/course/02_mlp_adam.md).
// Fits y = sin(3x) + ε, ε ~ N(0, 0.1²), x ~ U(-1, 1), with an MLP 1 → 32 → 32 → 1 (tanh),
// trained by Adam on the mean squared error  L = (1/n) Σ (f(x_i) - y_i)²,  written as an
// explicit loop: tape.reset(), forward, loss, backward, adam.step(). The noise floor of the
// training loss is σ² = 0.01; the error against the noiseless sin(3x) should approach 0.
// Exercise (--check): adam_step_by_hand below is Adam written out from its formula; the check
// compares it, step by step, with nn::Adam on the same gradients.
// Usage: course_02_mlp_adam [--fast] [--check]
#include <cmath>
#include <cstdio>

#include <sbi/core/ops.hpp>
#include <sbi/core/rng.hpp>
#include "course_check.hpp"
#include <sbi/nn/mlp.hpp>
#include <sbi/nn/optimizer.hpp>

using namespace sbi;

namespace {

constexpr double kNoiseSd = 0.1;

struct Data {
  MatrixF x, y, clean;  // n×1 inputs, noisy targets, sin(3x)
};

Data make_data(Index n, std::uint64_t seed) {
  Rng rng(seed, 0);
  Data d{MatrixF(n, 1), MatrixF(n, 1), MatrixF(n, 1)};
  for (Index i = 0; i < n; ++i) {
    const double x = rng.uniform(-1, 1);
    d.x(i, 0) = static_cast<float>(x);
    d.clean(i, 0) = static_cast<float>(std::sin(3 * x));
    d.y(i, 0) = static_cast<float>(std::sin(3 * x) + kNoiseSd * rng.normal());
  }
  return d;
}

nn::MLP make_network(std::uint64_t seed) {
  nn::MLPSettings config;
  config.in = 1;
  config.hidden = {32, 32};
  config.out = 1;
  config.activation = nn::Activation::Tanh;
  Rng rng(seed, 0);
  return nn::MLP(config, rng);
}

// One forward and backward pass: fills every parameter's .grad with ∂L/∂p, returns L.
double loss_and_gradients(nn::MLP& net, ad::Tape& tape, const MatrixF& x, const MatrixF& y) {
  tape.reset();
  net.zero_grad();
  ad::Var prediction = net.forward(tape, tape.constant(x));
  ad::Var loss = ad::mean(ad::square(prediction - tape.constant(y)));
  tape.backward(loss);
  return loss.value()(0, 0);
}

double mse(nn::MLP& net, const MatrixF& x, const MatrixF& target) {
  ad::Tape tape;
  ad::Var prediction = net.forward(tape, tape.constant(x));
  return (prediction.value() - target).squaredNorm() / static_cast<double>(x.rows());
}

// EXERCISE: Adam for one parameter matrix, step t ≥ 1 (m, v start at zero):
//   m ← β₁m + (1-β₁)g,  v ← β₂v + (1-β₂)g²,  p ← p - lr·(m/(1-β₁ᵗ)) / (√(v/(1-β₂ᵗ)) + ε)
void adam_step_by_hand(MatrixF& p, const MatrixF& g, MatrixF& m, MatrixF& v, long t,
                       const nn::AdamSettings& o) {
  const float b1 = static_cast<float>(o.beta1), b2 = static_cast<float>(o.beta2);
  m = b1 * m + (1 - b1) * g;
  v.array() = b2 * v.array() + (1 - b2) * g.array().square();
  const double c1 = 1 - std::pow(o.beta1, double(t)), c2 = 1 - std::pow(o.beta2, double(t));
  p.array() -= static_cast<float>(o.learning_rate) * (m.array() / static_cast<float>(c1)) /
               ((v.array() / static_cast<float>(c2)).sqrt() + static_cast<float>(o.eps));
}

void train(course::Checks& checks, int steps) {
  const Data train_set = make_data(256, 1), test_set = make_data(1000, 2);
  nn::MLP net = make_network(3);
  nn::Adam adam(net.parameters(), nn::AdamSettings{1e-2});
  ad::Tape tape;
  const double first = loss_and_gradients(net, tape, train_set.x, train_set.y);
  double loss = first;
  std::printf(" step  loss (noise floor σ² = %.3f)\n    0  %.5f\n", kNoiseSd * kNoiseSd, first);
  int next_print = 1;
  for (int step = 1; step <= steps; ++step) {
    adam.step();
    loss = loss_and_gradients(net, tape, train_set.x, train_set.y);
    if (step == next_print || step == steps) {
      std::printf("%5d  %.5f\n", step, loss);
      next_print *= 3;
    }
  }
  const double test_error = mse(net, test_set.x, test_set.clean);
  std::printf("mean squared error against sin(3x) on 1000 test points: %.5f\n", test_error);
  checks.expect(loss < first / 10, "the training loss fell at least tenfold");
  // With 256 points and ~1,100 weights the fit may dip below σ² (it sees the noise), but not far.
  checks.expect(loss < 2 * kNoiseSd * kNoiseSd, course::describe("final training loss", loss, 0.01, 0.01));
  checks.expect(test_error < 0.5 * kNoiseSd * kNoiseSd,
                course::describe("test error against the noiseless curve", test_error, 0, 0.005));
}

void exercise_check(course::Checks& checks) {
  const Data data = make_data(64, 4);
  nn::MLP library_net = make_network(5), hand_net = make_network(5);  // identical weights
  const nn::AdamSettings options{1e-2};
  nn::Adam adam(library_net.parameters(), options);
  const nn::ParamList hand_params = hand_net.parameters();
  std::vector<MatrixF> m, v;
  for (const auto& p : hand_params) {
    m.push_back(MatrixF::Zero(p.param->value.rows(), p.param->value.cols()));
    v.push_back(m.back());
  }
  ad::Tape tape;
  double worst = 0;
  for (long t = 1; t <= 20; ++t) {
    loss_and_gradients(library_net, tape, data.x, data.y);
    adam.step();
    loss_and_gradients(hand_net, tape, data.x, data.y);
    for (std::size_t k = 0; k < hand_params.size(); ++k)
      adam_step_by_hand(hand_params[k].param->value, hand_params[k].param->grad, m[k], v[k], t, options);
    const nn::ParamList lib = library_net.parameters();
    for (std::size_t k = 0; k < lib.size(); ++k)
      worst = std::max(worst, double((lib[k].param->value - hand_params[k].param->value).cwiseAbs().maxCoeff()));
  }
  // Each step moves a weight by at most ≈ lr = 0.01; float rounding differences stay ~1e-6.
  checks.expect(worst < 1e-4, course::describe("exercise: max |hand Adam - nn::Adam| over 20 steps", worst, 0, 1e-4));
}

}  // namespace

int main(int argc, char** argv) {
  const course::Args args = course::parse_args(argc, argv);
  course::Checks checks;
  std::printf("== lesson 2: an MLP and Adam ==\n");
  train(checks, args.fast ? 600 : 3000);
  if (args.check) exercise_check(checks);
  return checks.exit_code();
}
