// Fused linear + bias + activation op (see linear_op.hpp).
#include "nn/linear_op.hpp"

#include <cstring>
#include <new>

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

// What a layer's backward needs beyond its inputs (arena memory; the node's aux, or null when
// there is nothing): silu's pre-activation, and for masked_linear the mask and W⊙M.
struct LinearSaved {
  const float* z = nullptr;
  const float* mask = nullptr;
  const float* masked_weight = nullptr;
};

const LinearSaved* saved_of(const Node& n) { return static_cast<const LinearSaved*>(n.aux); }

// W̄ += dᵀ·x, or for a masked layer W̄ += (dᵀ·x) ⊙ M (the gradient through W⊙M).
void weight_backward(Tape& t, const Node& n, ConstMapF d, ConstMapF x, MapF gw) {
  const LinearSaved* saved = saved_of(n);
  if (!saved || !saved->mask) {
    dense_gemm(1.f, d, Trans::Yes, x, Trans::No, 1.f, gw);
    return;
  }
  MapF product(t.arena().alloc<float>(static_cast<std::size_t>(gw.size())), gw.rows(), gw.cols());
  dense_gemm(1.f, d, Trans::Yes, x, Trans::No, 0.f, product);
  prof::StageScope mask(prof::Stage::Mask);
  gw.array() += product.array() * ConstMapF(saved->mask, gw.rows(), gw.cols()).array();
}

// Gradients of x, W, b from d = ∂L/∂(x·Wᵀ + b).
void dense_backward(Tape& t, const Node& n, const float* d_data) {
  const ConstMapF d(d_data, n.rows, n.cols);
  const MapF x = ad::input_value(t, n, 0), w = ad::input_value(t, n, 1);
  const LinearSaved* saved = saved_of(n);
  const ConstMapF weight = saved && saved->mask ? ConstMapF(saved->masked_weight, w.rows(), w.cols()) : cmap(w);
  prof::StageScope gemms(prof::Stage::GemmBackward);
  if (ad::GradSink gx = ad::input_grad_sink(t, n, 0))
    dense_gemm(1.f, d, Trans::No, weight, Trans::No, gx.fresh ? 0.f : 1.f, gx.grad);
  if (MapF gw = ad::input_grad(t, n, 1); gw.data()) weight_backward(t, n, d, cmap(x), gw);
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
  if (ad::GradSink gs = ad::input_grad_sink(t, n, skip)) {
    prof::StageScope scope(prof::Stage::ActivationBackward);
    gs.put(ConstMapF(d_data, n.rows, n.cols));
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
    const LinearSaved* saved = saved_of(n);
    activation_derivative(act, n.grad, n.value, saved ? saved->z : nullptr, d, count);
  }
  dense_backward(t, n, d);
  skip_backward(t, n, d);
}

void linear_add_backward(Tape& t, const Node& n) {
  dense_backward(t, n, n.grad);
  if (ad::GradSink gs = ad::input_grad_sink(t, n, 3)) gs.put(ad::self_grad(n));
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

// value ← x·Wᵀ + b (b broadcast over rows); with accumulate, value += x·Wᵀ + b. The bias is
// added in the product's pass (dense_gemm_bias), so no separate zeroing or bias pass is needed.
void dense_forward(Var x, ConstMapF w, Var b, MapF value, bool accumulate) {
  const float beta = accumulate ? 1.f : 0.f;
  prof::StageScope gemm(prof::Stage::GemmForward);
  if (b.valid()) dense_gemm_bias(cmap(x.value()), Trans::No, w, Trans::Yes, cmap(b.value()), beta, value);
  else dense_gemm(1.f, cmap(x.value()), Trans::No, w, Trans::Yes, beta, value);
}

// linear() and masked_linear(): the node, the product (with W⊙M when a mask is given), the
// skip input and the activation in place.
Var record_linear(Var x, Var weight, const float* mask, Var bias, Activation act, Var skip) {
  Tape& t = *x.tape();
  Var inputs[4] = {x, weight};
  int count_in = 2;
  if (bias.valid()) inputs[count_in++] = bias;
  if (skip.valid()) inputs[count_in++] = skip;
  Var y = t.record(x.rows(), weight.rows(), linear_backward, inputs, count_in);
  Node& n = t.node(y.id());
  n.integer[0] = static_cast<std::int64_t>(act);
  n.integer[1] = bias.valid() ? 1 : 0;
  const bool keep_z = activation_needs_input(act) && n.needs_grad;
  LinearSaved* saved = (mask || keep_z) ? new (t.arena().alloc<LinearSaved>(1)) LinearSaved{} : nullptr;
  n.aux = saved;
  const MapF w = weight.value();
  const float* used = w.data();
  if (mask) {
    prof::StageScope scope(prof::Stage::Mask);
    MapF masked(t.arena().alloc<float>(static_cast<std::size_t>(w.size())), w.rows(), w.cols());
    masked = (w.array() * ConstMapF(mask, w.rows(), w.cols()).array()).matrix();
    saved->mask = mask;
    saved->masked_weight = used = masked.data();
  }
  MapF v = y.value();
  dense_forward(x, ConstMapF(used, w.rows(), w.cols()), bias, v, false);
  const Index count = v.size();
  prof::StageScope activation(prof::Stage::BiasActivation);
  if (skip.valid()) v += skip.value();
  if (keep_z) {
    float* z = t.arena().alloc<float>(static_cast<std::size_t>(count));
    std::memcpy(z, v.data(), sizeof(float) * static_cast<std::size_t>(count));
    saved->z = z;
  }
  activation_forward(act, v.data(), count);
  return y;
}

}  // namespace

Var linear(Var x, Var weight, Var bias, Activation act, Var skip) {
  check_shapes("linear", x, weight, bias);
  check_skip("linear", x, weight, skip);
  return record_linear(x, weight, nullptr, bias, act, skip);
}

Var masked_linear(Var x, Var weight, const MatrixF& mask, Var bias, Activation act, Var skip) {
  check_shapes("masked_linear", x, weight, bias);
  check_skip("masked_linear", x, weight, skip);
  if (mask.rows() != weight.rows() || mask.cols() != weight.cols())
    throw ShapeError("masked_linear: mask is " + shape_of(mask) + " but the weight is " +
                     shape_str(weight.rows(), weight.cols()));
  return record_linear(x, weight, mask.data(), bias, act, skip);
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
  dense_forward(x, cmap(weight.value()), bias, v, true);
  return y;
}

}  // namespace sbi::nn
