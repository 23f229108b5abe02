// Elementwise functions y = f(a) with ā += ȳ ⊙ f'(a). The derivative is written with whichever
// of a and y is cheaper (e.g. exp: f' = y; tanh: f' = 1 - y²; sigmoid: f' = y(1 - y)).
#include <cmath>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "core/ops_util.hpp"

namespace sbi::ad {

namespace {

// Records y = f(a): `forward(x, y)` gets array views of a's and y's values.
template <class Forward>
Var unary(Var a, BackwardFn backward, Forward forward, float s0 = 0.f, float s1 = 0.f) {
  Var y = a.tape()->record(a.rows(), a.cols(), backward, {a});
  Node& n = a.tape()->node(y.id());
  n.scalar[0] = s0;
  n.scalar[1] = s1;
  MapF yv = y.value();
  forward(a.value().array(), yv.array());
  return y;
}

// Shorthand for a backward function: ā += ȳ ⊙ D where D is an array expression of x (input
// value), y (output value) and s0, s1 (the node's scalars); ā = ȳ ⊙ D on ā's first write.
#define SBI_UNARY_BACKWARD(name, ...)                                   \
  void name(Tape& t, const Node& n) {                                   \
    const auto x = input_value(t, n, 0).array();                        \
    const auto y = self_value(n).array();                               \
    const auto g = self_grad(n).array();                                \
    const float s0 = n.scalar[0], s1 = n.scalar[1];                     \
    (void)x; (void)y; (void)s0; (void)s1;                               \
    GradSink ga = input_grad_sink(t, n, 0);                             \
    if (ga) ga.put((g * (__VA_ARGS__)).matrix());                       \
  }

SBI_UNARY_BACKWARD(neg_bw, -1.f)
SBI_UNARY_BACKWARD(add_scalar_bw, 1.f)
SBI_UNARY_BACKWARD(mul_scalar_bw, s0)
SBI_UNARY_BACKWARD(pow_bw, s0 * x.pow(s0 - 1.f))
SBI_UNARY_BACKWARD(exp_bw, y)
SBI_UNARY_BACKWARD(log_bw, x.inverse())
SBI_UNARY_BACKWARD(log1p_bw, (1.f + x).inverse())
SBI_UNARY_BACKWARD(sqrt_bw, 0.5f / y)
SBI_UNARY_BACKWARD(square_bw, 2.f * x)
SBI_UNARY_BACKWARD(abs_bw, x.sign())
SBI_UNARY_BACKWARD(tanh_bw, 1.f - y.square())
SBI_UNARY_BACKWARD(sigmoid_bw, y * (1.f - y))
SBI_UNARY_BACKWARD(relu_bw, (x > 0.f).cast<float>())
SBI_UNARY_BACKWARD(elu_bw, (x > 0.f).select(1.f, y + s0))
SBI_UNARY_BACKWARD(softplus_bw, (1.f + (-x).exp()).inverse())
SBI_UNARY_BACKWARD(clamp_bw, ((x >= s0) && (x <= s1)).cast<float>())

// silu: y = x·σ(x), y' = σ(x)·(1 + x·(1 - σ(x))).
void silu_bw(Tape& t, const Node& n) {
  const auto x = input_value(t, n, 0).array();
  const auto g = self_grad(n).array();
  const auto s = (1.f + (-x).exp()).inverse();
  if (GradSink ga = input_grad_sink(t, n, 0)) ga.put((g * s * (1.f + x * (1.f - s))).matrix());
}

#undef SBI_UNARY_BACKWARD

}  // namespace

Var neg(Var a) {
  return unary(a, neg_bw, [](const auto& x, auto y) { y = -x; });
}
Var add_scalar(Var a, float s) {
  return unary(a, add_scalar_bw, [s](const auto& x, auto y) { y = x + s; }, s);
}
Var mul_scalar(Var a, float s) {
  return unary(a, mul_scalar_bw, [s](const auto& x, auto y) { y = x * s; }, s);
}
Var pow_scalar(Var a, float p) {
  return unary(a, pow_bw, [p](const auto& x, auto y) { y = x.pow(p); }, p);
}
Var exp(Var a) {
  return unary(a, exp_bw, [](const auto& x, auto y) { y = x.exp(); });
}
Var log(Var a) {
  return unary(a, log_bw, [](const auto& x, auto y) { y = x.log(); });
}
Var log1p(Var a) {
  return unary(a, log1p_bw, [](const auto& x, auto y) { y = x.log1p(); });
}
Var sqrt(Var a) {
  return unary(a, sqrt_bw, [](const auto& x, auto y) { y = x.sqrt(); });
}
Var square(Var a) {
  return unary(a, square_bw, [](const auto& x, auto y) { y = x.square(); });
}
Var abs(Var a) {
  return unary(a, abs_bw, [](const auto& x, auto y) { y = x.abs(); });
}
Var tanh(Var a) {
  return unary(a, tanh_bw, [](const auto& x, auto y) { y = x.tanh(); });
}
Var sigmoid(Var a) {
  return unary(a, sigmoid_bw, [](const auto& x, auto y) { y = (1.f + (-x).exp()).inverse(); });
}
Var relu(Var a) {
  return unary(a, relu_bw, [](const auto& x, auto y) { y = x.max(0.f); });
}
Var elu(Var a, float alpha) {
  return unary(
      a, elu_bw, [alpha](const auto& x, auto y) { y = (x > 0.f).select(x, alpha * x.expm1()); },
      alpha);
}
Var silu(Var a) {
  return unary(a, silu_bw, [](const auto& x, auto y) { y = x * (1.f + (-x).exp()).inverse(); });
}
// softplus(x) = max(x, 0) + log1p(exp(-|x|)): never overflows, exact for large |x|.
Var softplus(Var a) {
  return unary(a, softplus_bw,
               [](const auto& x, auto y) { y = x.max(0.f) + (-x.abs()).exp().log1p(); });
}
Var clamp(Var a, float lo, float hi) {
  if (!(lo <= hi))
    throw ValueError("clamp: lower bound " + std::to_string(lo) + " exceeds upper bound " +
                     std::to_string(hi));
  return unary(
      a, clamp_bw, [lo, hi](const auto& x, auto y) { y = x.max(lo).min(hi); }, lo, hi);
}

}  // namespace sbi::ad
