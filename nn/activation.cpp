// Activation functions: names, reference composition and the raw loops used by fused ops. The
// loops evaluate the formulas of nn/activation_math.hpp (shared with the GPU kernels) on whole
// Eigen arrays.
#include "nn/activation.hpp"

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "core/ops_util.hpp"
#include "core/stage_profile.hpp"
#include "nn/activation_math.hpp"

namespace sbi::nn {

namespace {
struct NamedActivation {
  Activation a;
  const char* name;
};
constexpr NamedActivation kNames[] = {
    {Activation::Identity, "identity"}, {Activation::Relu, "relu"},
    {Activation::Tanh, "tanh"},         {Activation::Elu, "elu"},
    {Activation::Silu, "silu"},         {Activation::Sigmoid, "sigmoid"},
    {Activation::Softplus, "softplus"}};

using ArrayMap = Eigen::Map<Eigen::ArrayXf>;
using ConstArrayMap = Eigen::Map<const Eigen::ArrayXf>;

// The primitives of activation_math.hpp for Eigen array expressions (vectorised).
struct ArrayOps {
  template <class A> static auto exp(const A& z) { return z.exp(); }
  template <class A> static auto expm1(const A& z) { return z.expm1(); }
  template <class A> static auto log1p(const A& z) { return z.log1p(); }
  template <class A> static auto tanh(const A& z) { return z.tanh(); }
  template <class A> static auto abs(const A& z) { return z.abs(); }
  template <class A> static auto max0(const A& z) { return z.max(0.f); }
  template <class A> static auto inverse(const A& z) { return z.inverse(); }
  template <class C, class A, class B> static auto select(const C& c, const A& a, const B& b) {
    return c.select(a, b);
  }
};

constexpr bool codes_match(Activation a, ActivationCode c) { return static_cast<int>(a) == c; }
static_assert(codes_match(Activation::Identity, kIdentity) && codes_match(Activation::Relu, kRelu) &&
              codes_match(Activation::Tanh, kTanh) && codes_match(Activation::Elu, kElu) &&
              codes_match(Activation::Silu, kSilu) && codes_match(Activation::Sigmoid, kSigmoid) &&
              codes_match(Activation::Softplus, kSoftplus));
}  // namespace

std::string activation_name(Activation a) {
  for (const auto& n : kNames)
    if (n.a == a) return n.name;
  throw ValueError("activation_name: unknown activation code " + std::to_string(int(a)));
}

Activation activation_from_name(const std::string& name) {
  std::string known;
  for (const auto& n : kNames) {
    if (name == n.name) return n.a;
    known += std::string(known.empty() ? "" : ", ") + n.name;
  }
  throw NotFoundError("unknown activation '" + name + "' (known: " + known + ")");
}

ad::Var apply_activation(ad::Var x, Activation a) {
  switch (a) {
    case Activation::Identity: return x;
    case Activation::Relu: return ad::relu(x);
    case Activation::Tanh: return ad::tanh(x);
    case Activation::Elu: return ad::elu(x, 1.f);
    case Activation::Silu: return ad::silu(x);
    case Activation::Sigmoid: return ad::sigmoid(x);
    case Activation::Softplus: return ad::softplus(x);
  }
  throw ValueError("apply_activation: unknown activation");
}

namespace {
void activate_backward(ad::Tape& t, const ad::Node& n) {
  const auto act = static_cast<Activation>(n.integer[0]);
  prof::StageScope scope(prof::Stage::ActivationBackward);
  ad::GradSink gx = ad::input_grad_sink(t, n, 0);
  activation_derivative(act, n.grad, n.value, ad::input_value(t, n, 0).data(), gx.grad.data(),
                        n.rows * n.cols, !gx.fresh);
}
}  // namespace

ad::Var activate(ad::Var x, Activation a) {
  if (a == Activation::Identity) return x;
  ad::Var y = x.tape()->record(x.rows(), x.cols(), activate_backward, {x});
  x.tape()->node(y.id()).integer[0] = static_cast<std::int64_t>(a);
  prof::StageScope scope(prof::Stage::BiasActivation);
  activation_forward(a, x.value().data(), y.value().data(), x.rows() * x.cols());
  return y;
}

void activation_forward(Activation a, const float* in, float* out, Index count) {
  ConstArrayMap x(in, count);
  ArrayMap v(out, count);
  switch (a) {
    case Activation::Identity: if (in != out) v = x; return;
    case Activation::Relu: v = act::relu<ArrayOps>(x); return;
    case Activation::Tanh: v = act::tanh<ArrayOps>(x); return;
    case Activation::Elu: v = act::elu<ArrayOps>(x); return;
    case Activation::Silu: v = act::silu<ArrayOps>(x); return;
    case Activation::Sigmoid: v = act::sigmoid<ArrayOps>(x); return;
    case Activation::Softplus: v = act::softplus<ArrayOps>(x); return;
  }
}

namespace {
template <class Expr>
void store(Eigen::Map<Eigen::ArrayXf>& d, const Expr& e, bool accumulate) {
  if (accumulate) d += e;
  else d = e;
}
}  // namespace

void activation_derivative(Activation a, const float* g_, const float* y_, const float* z_,
                           float* d_, Index count, bool accumulate) {
  ConstArrayMap g(g_, count), y(y_, count);
  ArrayMap d(d_, count);
  switch (a) {
    case Activation::Identity: store(d, g, accumulate); return;
    case Activation::Relu: store(d, act::relu_grad<ArrayOps>(g, y), accumulate); return;
    case Activation::Tanh: store(d, act::tanh_grad<ArrayOps>(g, y), accumulate); return;
    case Activation::Elu: store(d, act::elu_grad<ArrayOps>(g, y), accumulate); return;
    case Activation::Sigmoid: store(d, act::sigmoid_grad<ArrayOps>(g, y), accumulate); return;
    case Activation::Softplus: store(d, act::softplus_grad<ArrayOps>(g, y), accumulate); return;
    case Activation::Silu: {
      ConstArrayMap z(z_, count);
      store(d, act::silu_grad<ArrayOps>(g, z), accumulate);
      return;
    }
  }
}

}  // namespace sbi::nn
