// Activation functions: names, reference composition and the raw loops used by fused ops.
#include "nn/activation.hpp"

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "core/ops_util.hpp"
#include "core/stage_profile.hpp"

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
  activation_derivative(act, n.grad, n.value, ad::input_value(t, n, 0).data(),
                        ad::input_grad(t, n, 0).data(), n.rows * n.cols, true);
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
    case Activation::Relu: v = x.max(0.f); return;
    case Activation::Tanh: v = x.tanh(); return;
    case Activation::Elu: v = (x > 0.f).select(x, x.expm1()); return;
    case Activation::Silu: v = x * (1.f + (-x).exp()).inverse(); return;
    case Activation::Sigmoid: v = (1.f + (-x).exp()).inverse(); return;
    case Activation::Softplus: v = x.max(0.f) + (-x.abs()).exp().log1p(); return;
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
    case Activation::Relu: store(d, (y > 0.f).select(g, 0.f), accumulate); return;
    case Activation::Tanh: store(d, g * (1.f - y.square()), accumulate); return;
    case Activation::Elu: store(d, (y > 0.f).select(g, g * (y + 1.f)), accumulate); return;
    case Activation::Sigmoid: store(d, g * y * (1.f - y), accumulate); return;
    case Activation::Softplus: store(d, -g * (-y).expm1(), accumulate); return;
    case Activation::Silu: {
      ConstArrayMap z(z_, count);
      const auto s = (1.f + (-z).exp()).inverse();
      store(d, g * s * (1.f + z * (1.f - s)), accumulate);
      return;
    }
  }
}

}  // namespace sbi::nn
