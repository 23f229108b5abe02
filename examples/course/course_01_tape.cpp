// Course lesson 1: the autodiff tape (docs/course/01_tape.md).
// Builds f(x, y) = x·y + eˣ on the tape and compares Tape::backward with the hand derivative;
// then a matrix expression L = Σ tanh(A·B)² + softplus(A·B), checked against central finite
// differences by ad::check_gradients; then a new op, softsign(x) = x / (1 + |x|) with
// softsign'(x) = 1 / (1 + |x|)², written with Tape::record and a backward function.
// Exercise (--check): softsign_backward below is the part to write; the check runs the
// gradient checker on it and also shows that a wrong backward is caught.
// Usage: course_01_tape [--fast] [--check]
#include <cmath>
#include <cstdio>

#include <sbi/core/gradcheck.hpp>
#include <sbi/core/ops.hpp>
#include <sbi/core/rng.hpp>
#include <sbi/core/tape.hpp>
#include "course_check.hpp"

using namespace sbi;
using namespace sbi::ad;

namespace {

// ā += ȳ ⊙ softsign'(a) = ȳ / (1 + |a|)².   EXERCISE: write this body yourself.
void softsign_backward(Tape& tape, const Node& node) {
  if (!input_needs_grad(tape, node, 0)) return;
  const auto a = input_value(tape, node, 0).array();
  const auto out_grad = MapF(node.grad, node.rows, node.cols).array();
  input_grad(tape, node, 0).array() += out_grad / (1.f + a.abs()).square();
}

// A deliberately wrong backward (forgets the square), which the gradient checker must reject.
void softsign_backward_wrong(Tape& tape, const Node& node) {
  if (!input_needs_grad(tape, node, 0)) return;
  const auto a = input_value(tape, node, 0).array();
  const auto out_grad = MapF(node.grad, node.rows, node.cols).array();
  input_grad(tape, node, 0).array() += out_grad / (1.f + a.abs());
}

// y = softsign(a): record a node of a's shape, then fill its value (forward runs eagerly).
Var softsign(Var a, BackwardFn backward = softsign_backward) {
  Var y = a.tape()->record(a.rows(), a.cols(), backward, {a});
  y.value().array() = a.value().array() / (1.f + a.value().array().abs());
  return y;
}

void scalar_example(course::Checks& checks) {
  Tape tape;
  MatrixF xv(1, 1), yv(1, 1);
  xv << 0.5f;
  yv << 2.0f;
  Var x = tape.variable(xv), y = tape.variable(yv);
  Var f = x * y + exp(x);  // three nodes recorded: mul, exp, add
  tape.backward(f);
  const double dfdx = x.grad()(0, 0), dfdy = y.grad()(0, 0);
  std::printf("f(0.5, 2) = %.6f   df/dx = %.6f (hand: y + e^x = %.6f)   df/dy = %.6f (hand: x)\n",
              f.value()(0, 0), dfdx, 2.0 + std::exp(0.5), dfdy);
  checks.expect(std::abs(dfdx - (2.0 + std::exp(0.5))) < 1e-5, "tape df/dx equals y + e^x");
  checks.expect(std::abs(dfdy - 0.5) < 1e-6, "tape df/dy equals x");
}

void matrix_example(course::Checks& checks, int size) {
  Rng rng(1, 0);
  MatrixF a(size, size + 1), b(size + 1, 2);
  for (float& v : a.reshaped()) v = static_cast<float>(rng.normal());
  for (float& v : b.reshaped()) v = static_cast<float>(rng.normal());
  const GradFunction f = [](Tape&, const std::vector<Var>& in) {
    Var z = matmul(in[0], in[1]);
    return sum(square(tanh(z)) + softplus(z));
  };
  const GradCheckReport report = check_gradients(f, {a, b});
  std::printf("matrix expression: %zu gradient entries against finite differences, worst excess %.2e\n",
              report.entries_checked, report.worst_excess);
  checks.expect(report.passed, "Σ tanh(A·B)² + softplus(A·B): backward matches finite differences");
}

void exercise_check(course::Checks& checks) {
  MatrixF x(3, 4);
  x << -3.f, -1.2f, -0.4f, -0.05f, 0.07f, 0.3f, 0.9f, 2.5f, 5.f, -7.f, 0.6f, 1.1f;
  const GradCheckReport good = check_gradients(
      [](Tape&, const std::vector<Var>& in) { return softsign(in[0]); }, {x});
  checks.expect(good.passed, "exercise: softsign_backward passes the gradient check (" + good.detail + ")");
  const GradCheckReport bad = check_gradients(
      [](Tape&, const std::vector<Var>& in) { return softsign(in[0], softsign_backward_wrong); }, {x});
  checks.expect(!bad.passed, "control: a backward without the square is rejected");
}

}  // namespace

int main(int argc, char** argv) {
  const course::Args args = course::parse_args(argc, argv);
  course::Checks checks;
  std::printf("== lesson 1: the autodiff tape ==\n");
  scalar_example(checks);
  matrix_example(checks, args.fast ? 3 : 8);
  if (args.check) exercise_check(checks);
  return checks.exit_code();
}
