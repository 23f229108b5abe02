// Fused linear + bias + activation op (see linear_op.hpp).
#include "nn/linear_op.hpp"

#include <cstring>

#include "core/errors.hpp"
#include "nn/dense_gemm.hpp"
#include "core/ops.hpp"
#include "core/ops_util.hpp"
#include "core/stage_profile.hpp"

namespace sbi::nn {

using ad::cmap;
using ad::Node;
using ad::Tape;
using ad::Var;

namespace {

// Gradients of x, W, b from d = ∂L/∂(x·Wᵀ + b).
void dense_backward(Tape& t, const Node& n, const float* d_data) {
  const ConstMapF d(d_data, n.rows, n.cols);
  const MapF x = ad::input_value(t, n, 0), w = ad::input_value(t, n, 1);
  prof::StageScope gemms(prof::Stage::GemmBackward);
  if (MapF gx = ad::input_grad(t, n, 0); gx.data())
    dense_gemm(1.f, d, Trans::No, cmap(w), Trans::No, 1.f, gx);
  if (MapF gw = ad::input_grad(t, n, 1); gw.data())
    dense_gemm(1.f, d, Trans::Yes, cmap(x), Trans::No, 1.f, gw);
  if (n.integer[1] != 0)
    if (MapF gb = ad::input_grad(t, n, 2); gb.data()) {
      prof::StageScope bias(prof::Stage::ActivationBackward);
      gb.row(0) += d.colwise().sum();
    }
}

// The skip input of `linear` (after x, W and the bias if any) gets d.
void skip_backward(Tape& t, const Node& n, const float* d_data) {
  const int skip = n.integer[1] != 0 ? 3 : 2;
  if (n.num_inputs <= skip) return;
  if (MapF gs = ad::input_grad(t, n, skip); gs.data()) {
    prof::StageScope scope(prof::Stage::ActivationBackward);
    gs += ConstMapF(d_data, n.rows, n.cols);
  }
}

void linear_backward(Tape& t, const Node& n) {
  const auto act = static_cast<Activation>(n.integer[0]);
  const Index count = n.rows * n.cols;
  if (act == Activation::Identity) {
    dense_backward(t, n, n.grad);
    skip_backward(t, n, n.grad);
    return;
  }
  float* d = t.backward_scratch(static_cast<std::size_t>(count));
  {
    prof::StageScope scope(prof::Stage::ActivationBackward);
    activation_derivative(act, n.grad, n.value, static_cast<const float*>(n.aux), d, count);
  }
  dense_backward(t, n, d);
  skip_backward(t, n, d);
}

void linear_add_backward(Tape& t, const Node& n) {
  dense_backward(t, n, n.grad);
  if (MapF gs = ad::input_grad(t, n, 3); gs.data()) gs += ad::self_grad(n);
}

void check_shapes(const char* op, Var x, Var w, Var b) {
  if (x.cols() != w.cols())
    throw ShapeError(std::string(op) + ": input is " + shape_str(x.rows(), x.cols()) +
                     " but the weight is " + shape_str(w.rows(), w.cols()) + " (out x in)");
  if (b.valid() && (b.rows() != 1 || b.cols() != w.rows()))
    throw ShapeError(std::string(op) + ": bias is " + shape_str(b.rows(), b.cols()) +
                     ", expected " + shape_str(1, w.rows()));
}

void check_skip(const char* op, Var x, Var w, Var skip) {
  if (skip.valid() && (skip.rows() != x.rows() || skip.cols() != w.rows()))
    throw ShapeError(std::string(op) + ": skip input is " + shape_str(skip.rows(), skip.cols()) +
                     ", expected " + shape_str(x.rows(), w.rows()));
}

// value ← x·Wᵀ + b (b broadcast over rows); with accumulate, value += x·Wᵀ + b. The bias
// initialises (or is added to) the output before the GEMM accumulates into it, so no
// separate zeroing or bias pass is needed.
void dense_forward(Var x, Var w, Var b, MapF value, bool accumulate) {
  if (b.valid()) {
    prof::StageScope bias(prof::Stage::BiasActivation);
    if (accumulate) value.rowwise() += b.value().row(0);
    else value.rowwise() = b.value().row(0);
  }
  const float beta = (accumulate || b.valid()) ? 1.f : 0.f;
  prof::StageScope gemm(prof::Stage::GemmForward);
  dense_gemm(1.f, cmap(x.value()), Trans::No, cmap(w.value()), Trans::Yes, beta, value);
}

}  // namespace

Var linear(Var x, Var weight, Var bias, Activation act, Var skip) {
  check_shapes("linear", x, weight, bias);
  check_skip("linear", x, weight, skip);
  Tape& t = *x.tape();
  Var inputs[4] = {x, weight};
  int count_in = 2;
  if (bias.valid()) inputs[count_in++] = bias;
  if (skip.valid()) inputs[count_in++] = skip;
  Var y = t.record(x.rows(), weight.rows(), linear_backward, inputs, count_in);
  Node& n = t.node(y.id());
  n.integer[0] = static_cast<std::int64_t>(act);
  n.integer[1] = bias.valid() ? 1 : 0;
  MapF v = y.value();
  dense_forward(x, weight, bias, v, false);
  const Index count = v.size();
  prof::StageScope activation(prof::Stage::BiasActivation);
  if (skip.valid()) v += skip.value();
  if (activation_needs_input(act) && n.needs_grad) {
    float* z = t.arena().alloc<float>(static_cast<std::size_t>(count));
    std::memcpy(z, v.data(), sizeof(float) * static_cast<std::size_t>(count));
    n.aux = z;
  }
  activation_forward(act, v.data(), count);
  return y;
}

Var linear_reference(Var x, Var weight, Var bias, Activation act, Var skip) {
  check_shapes("linear_reference", x, weight, bias);
  check_skip("linear_reference", x, weight, skip);
  Var z = ad::matmul_nt(x, weight);
  if (bias.valid()) z = ad::add(z, bias);
  if (skip.valid()) z = ad::add(z, skip);
  return apply_activation(z, act);
}

Var linear_add(Var x, Var weight, Var bias, Var skip) {
  check_shapes("linear_add", x, weight, bias);
  if (!bias.valid()) throw ValueError("linear_add: a bias is required");
  if (!skip.valid()) throw ValueError("linear_add: a skip input is required");
  check_skip("linear_add", x, weight, skip);
  Tape& t = *x.tape();
  Var y = t.record(x.rows(), weight.rows(), linear_add_backward, {x, weight, bias, skip});
  Node& n = t.node(y.id());
  n.integer[0] = static_cast<std::int64_t>(Activation::Identity);
  n.integer[1] = 1;
  MapF v = y.value();
  {
    prof::StageScope copy(prof::Stage::BiasActivation);
    v = skip.value();
  }
  dense_forward(x, weight, bias, v, true);
  return y;
}

}  // namespace sbi::nn
