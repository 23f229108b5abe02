// Tape mechanics: gradients w.r.t. inputs and parameters, accumulation into parameter
// gradients, vector-Jacobian products, reuse of a node, reset, and misuse errors.
#include <doctest/doctest.h>

#include <vector>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "core/rng.hpp"

using namespace sbi;
using namespace sbi::ad;

TEST_CASE("gradient of a quadratic form w.r.t. an input (as HMC needs d/dθ)") {
  // f(θ) = Σ_i θ_i² / 2  ⇒  ∂f/∂θ = θ
  MatrixF theta(2, 3);
  theta << 1, -2, 3, 0.5, 0, -1;
  Tape t;
  Var v = t.variable(theta);
  t.backward(mul_scalar(sum(square(v)), 0.5f));
  CHECK(MatrixF(v.grad()).isApprox(theta));
}

TEST_CASE("parameter gradients accumulate into the model's storage") {
  MatrixF w = MatrixF::Constant(1, 2, 2.f), gw = MatrixF::Zero(1, 2);
  MatrixF x(1, 2);
  x << 3, 4;
  Tape t;
  for (int step = 0; step < 2; ++step) {
    t.reset();
    Var loss = sum(mul(t.constant(x), t.parameter(w, gw)));
    t.backward(loss);
  }
  CHECK(gw(0, 0) == doctest::Approx(6.f));  // two steps of ∂/∂w = x
  CHECK(gw(0, 1) == doctest::Approx(8.f));
}

TEST_CASE("a node used twice receives both adjoints") {
  MatrixF x = MatrixF::Constant(1, 1, 3.f);
  Tape t;
  Var v = t.variable(x);
  t.backward(mul(v, v));  // d(x²)/dx = 2x
  CHECK(v.grad()(0, 0) == doctest::Approx(6.f));
}

TEST_CASE("an adjoint is assigned by its first writer and accumulated by the others") {
  // f(x) = Σ tanh(x) + tanh(x)∘x + x + x∘x:  ∂f/∂x = (1 - a²)(1 + x) + a + 1 + 2x, a = tanh(x).
  // x's adjoint is written by add, mul (twice), tanh and add again, a's by add and mul, in
  // whatever order the walk meets them: whichever comes first assigns, every later one adds.
  MatrixF x(2, 3);
  x << 0.5, -1, 2, 0, 0.25, -0.75;
  Tape t;
  Var v = t.variable(x);
  Var a = tanh(v);
  t.backward(sum(add(add(add(a, mul(a, v)), v), mul(v, v))));
  const Eigen::ArrayXXf xa = x.array(), th = xa.tanh();
  const MatrixF expected = ((1 - th.square()) * (1 + xa) + th + 1 + 2 * xa).matrix();
  CHECK((MatrixF(v.grad()) - expected).cwiseAbs().maxCoeff() <= 1e-5f);
}

TEST_CASE("vector-Jacobian product with a seed") {
  MatrixF x(2, 2);
  x << 1, 2, 3, 4;
  MatrixF seed(2, 2);
  seed << 1, 0, 0, 2;
  Tape t;
  Var v = t.variable(x);
  t.backward(square(v), seed);
  MatrixF expected(2, 2);
  expected << 2, 0, 0, 16;
  CHECK(MatrixF(v.grad()).isApprox(expected));
}

TEST_CASE("constants and inference-only parameters get no gradient") {
  MatrixF w = MatrixF::Ones(2, 2);
  Tape t;
  Var c = t.constant(w);
  Var p = t.parameter(w);
  Var out = sum(matmul(c, p));
  CHECK_FALSE(out.node().needs_grad);
  t.backward(out);
  CHECK_THROWS_AS(c.grad(), ValueError);
}

TEST_CASE("misuse is reported clearly") {
  Tape t;
  Var v = t.variable(MatrixF::Ones(2, 2));
  CHECK_THROWS_AS(t.backward(v), ShapeError);  // not a scalar loss
  Tape other;
  Var w = other.variable(MatrixF::Ones(2, 2));
  CHECK_THROWS_AS(add(v, w), ValueError);  // mixing tapes
  t.backward(sum(v));
  CHECK_THROWS_AS(t.backward(sum(v)), ValueError);  // second backward without reset
  MatrixF value = MatrixF::Ones(2, 2), grad = MatrixF::Zero(3, 2);
  CHECK_THROWS_AS(t.parameter(value, grad), ShapeError);
  try {
    Tape u;
    matmul(u.constant(MatrixF::Ones(2, 3)), u.constant(MatrixF::Ones(2, 3)));
    FAIL("expected a ShapeError");
  } catch (const ShapeError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("2x3") != std::string::npos);  // names both shapes
  }
}

TEST_CASE("reset recycles the arena: capacity stops growing after warm-up") {
  Tape t;
  std::size_t allocations_after_warmup = 0;
  for (int step = 0; step < 6; ++step) {
    t.reset();
    Var x = t.variable(MatrixF::Ones(200, 100));
    t.backward(sum(tanh(matmul_nt(x, x))));
    if (step == 2) allocations_after_warmup = t.arena_system_allocations();
  }
  CHECK(t.arena_system_allocations() == allocations_after_warmup);
}

TEST_CASE("mul_mask keeps its own copy of a temporary mask") {
  Tape t;
  Var x = t.variable(MatrixF::Ones(2, 2));
  Var y;
  {
    const MatrixF mask = MatrixF::Constant(2, 2, 3.f);
    y = mul_mask(x, mask);
  }  // the mask is gone before backward runs
  std::vector<MatrixF> churn(32, MatrixF::Constant(2, 2, -7.f));  // reuse the freed memory
  t.backward(sum(y));
  CHECK(MatrixF(x.grad()).isApproxToConstant(3.f));
  CHECK(churn.size() == 32);
}

TEST_CASE("release during backward: the same gradients, less arena, intermediates unreadable") {
  // A small MLP-like chain with a node used twice and a parameter: every leaf's gradient is the
  // same bit for bit with and without release, the step takes less arena memory, and reading an
  // intermediate node afterwards is an error naming the cause.
  Rng rng(3);
  MatrixF x(40, 30), w(30, 30), gw_plain = MatrixF::Zero(30, 30), gw_released = MatrixF::Zero(30, 30);
  for (Index i = 0; i < x.size(); ++i) x.data()[i] = float(rng.normal());
  for (Index i = 0; i < w.size(); ++i) w.data()[i] = float(rng.normal() * 0.2);
  MatrixF gx[2];
  float loss_values[2] = {0.f, 0.f};
  std::size_t arena_bytes[2] = {0, 0};
  for (int release = 0; release < 2; ++release) {
    Tape t;
    t.set_release_during_backward(release == 1);
    MatrixF& gw = release ? gw_released : gw_plain;
    for (int step = 0; step < 3; ++step) {  // warm-up steps reuse the free lists' capacity
      t.reset();
      gw.setZero();
      Var xv = t.variable(x), wv = t.parameter(w, gw);
      Var h = tanh(matmul_nt(xv, wv));
      Var h2 = tanh(matmul_nt(add(h, xv), wv));
      Var loss = sum(mul(h2, h));
      t.backward(loss);
      gx[release] = xv.grad();
      arena_bytes[release] = t.arena().bytes_in_use();
      if (release) {
        CHECK_THROWS_WITH_AS(h.value(), doctest::Contains("released"), ValueError);
        CHECK_THROWS_WITH_AS(h2.grad(), doctest::Contains("released"), ValueError);
      }
      loss_values[release] = loss.value()(0, 0);  // the output keeps its value
    }
  }
  CHECK(gx[0] == gx[1]);
  CHECK(gw_plain == gw_released);
  CHECK(loss_values[0] == loss_values[1]);
  CHECK(arena_bytes[1] < arena_bytes[0]);  // adjoints written into released values
}
