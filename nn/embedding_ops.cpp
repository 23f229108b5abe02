// Reshape, group mean pooling and 1-D convolution on the tape (see embedding_ops.hpp).
#include "nn/embedding_ops.hpp"

#include <cstring>

#include "core/errors.hpp"
#include "nn/dense_gemm.hpp"
#include "core/ops_util.hpp"

namespace sbi::nn {

using ad::Node;
using ad::Tape;
using ad::Var;

namespace {

void reshape_bw(Tape& t, const Node& n) {
  MapF ga = ad::input_grad(t, n, 0);
  Eigen::Map<Eigen::ArrayXf>(ga.data(), ga.size()) +=
      Eigen::Map<const Eigen::ArrayXf>(n.grad, n.rows * n.cols);
}

void mean_pool_bw(Tape& t, const Node& n) {
  MapF ga = ad::input_grad(t, n, 0);
  const MapF g = ad::self_grad(n);
  const Index group = n.integer[0];
  const float inv = 1.f / float(group);
  for (Index i = 0; i < n.rows; ++i)
    for (Index k = 0; k < group; ++k) ga.row(i * group + k) += inv * g.row(i);
}

void time_step_bw(Tape& t, const Node& n) {
  MapF gx = ad::input_grad(t, n, 0);
  const MapF g = ad::self_grad(n);
  const Index length = n.integer[0], step = n.integer[1];
  for (Index b = 0; b < n.rows; ++b)
    for (Index c = 0; c < n.cols; ++c) gx(b, c * length + step) += g(b, c);
}

// Conv shape in node.integer / scalar fields: integer[0] = in_channels, integer[1] = length,
// kernel and padding are packed into scalar[0..1] (small integers, exact in float).
Conv1dShape conv_shape(const Node& n) {
  return {n.integer[0], n.integer[1], Index(n.scalar[0]), Index(n.scalar[1])};
}

void conv1d_bw(Tape& t, const Node& n) {
  const Conv1dShape s = conv_shape(n);
  const Index batch = n.rows, lo = s.out_length(), cout = n.cols / lo, ck = s.in_channels * s.kernel;
  const ConstMapF u(static_cast<const float*>(n.aux), batch * lo, ck);
  // Z̄ in (B·L_out)×C_out layout.
  MapF gz(t.arena().alloc<float>(static_cast<std::size_t>(batch * lo * cout)), batch * lo, cout);
  const MapF g = ad::self_grad(n);
  for (Index b = 0; b < batch; ++b)
    for (Index o = 0; o < cout; ++o)
      for (Index l = 0; l < lo; ++l) gz(b * lo + l, o) = g(b, o * lo + l);
  if (MapF gw = ad::input_grad(t, n, 1); gw.data())
    dense_gemm(1.f, ad::cmap(gz), Trans::Yes, u, Trans::No, 1.f, gw);
  if (MapF gb = ad::input_grad(t, n, 2); gb.data()) gb.row(0) += gz.colwise().sum();
  if (MapF gx = ad::input_grad(t, n, 0); gx.data()) {
    const MapF w = ad::input_value(t, n, 1);
    MapF gu(t.arena().alloc<float>(static_cast<std::size_t>(batch * lo * ck)), batch * lo, ck);
    dense_gemm(1.f, ad::cmap(gz), Trans::No, ad::cmap(w), Trans::No, 0.f, gu);
    for (Index b = 0; b < batch; ++b)
      for (Index l = 0; l < lo; ++l)
        for (Index c = 0; c < s.in_channels; ++c)
          for (Index k = 0; k < s.kernel; ++k) {
            const Index pos = l + k - s.padding;
            if (pos >= 0 && pos < s.length) gx(b, c * s.length + pos) += gu(b * lo + l, c * s.kernel + k);
          }
  }
}

void check_conv(const Conv1dShape& s, Index x_rows, Index x_cols, Index w_rows, Index w_cols,
                Index b_rows, Index b_cols) {
  const std::string dims = "(in_channels " + std::to_string(s.in_channels) + ", length " +
                           std::to_string(s.length) + ", kernel " + std::to_string(s.kernel) +
                           ", padding " + std::to_string(s.padding) + ")";
  if (s.in_channels < 1 || s.length < 1 || s.kernel < 1 || s.padding < 0 || s.out_length() < 1)
    throw ValueError("conv1d: invalid shape " + dims);
  if (x_cols != s.in_channels * s.length)
    throw ShapeError("conv1d: input is " + shape_str(x_rows, x_cols) + ", expected " +
                     std::to_string(s.in_channels * s.length) + " columns " + dims);
  if (w_cols != s.in_channels * s.kernel)
    throw ShapeError("conv1d: weight is " + shape_str(w_rows, w_cols) + ", expected C_out x " +
                     std::to_string(s.in_channels * s.kernel) + " " + dims);
  if (b_rows != 1 || b_cols != w_rows)
    throw ShapeError("conv1d: bias is " + shape_str(b_rows, b_cols) + ", expected " +
                     shape_str(1, w_rows));
}

}  // namespace

Var reshape(Var a, Index rows, Index cols) {
  if (rows * cols != a.rows() * a.cols())
    throw ShapeError("reshape: cannot view " + shape_str(a.rows(), a.cols()) + " as " +
                     shape_str(rows, cols));
  Var y = a.tape()->record(rows, cols, reshape_bw, {a});
  std::memcpy(y.value().data(), a.value().data(), sizeof(float) * static_cast<std::size_t>(rows * cols));
  return y;
}

Var time_step(Var x, Index channels, Index length, Index t) {
  if (channels < 1 || length < 1 || x.cols() != channels * length || t < 0 || t >= length)
    throw ShapeError("time_step: step " + std::to_string(t) + " of " + shape_str(x.rows(), x.cols()) + " read as " +
                     std::to_string(channels) + " channels x " + std::to_string(length) + " steps");
  Var y = x.tape()->record(x.rows(), channels, time_step_bw, {x});
  ad::Node& n = x.tape()->node(y.id());
  n.integer[0] = length;
  n.integer[1] = t;
  const MapF xv = x.value();
  MapF yv = y.value();
  for (Index b = 0; b < x.rows(); ++b)
    for (Index c = 0; c < channels; ++c) yv(b, c) = xv(b, c * length + t);
  return y;
}

Var mean_pool_groups(Var a, Index group) {
  if (group < 1 || a.rows() % group != 0)
    throw ShapeError("mean_pool_groups: " + std::to_string(a.rows()) +
                     " rows cannot be cut into groups of " + std::to_string(group));
  const Index out_rows = a.rows() / group;
  Var y = a.tape()->record(out_rows, a.cols(), mean_pool_bw, {a});
  a.tape()->node(y.id()).integer[0] = group;
  const MapF av = a.value();
  MapF yv = y.value();
  const float inv = 1.f / float(group);
  for (Index i = 0; i < out_rows; ++i) {
    yv.row(i) = av.row(i * group);
    for (Index k = 1; k < group; ++k) yv.row(i) += av.row(i * group + k);
    yv.row(i) *= inv;
  }
  return y;
}

Var conv1d(Var x, Var weight, Var bias, const Conv1dShape& s) {
  check_conv(s, x.rows(), x.cols(), weight.rows(), weight.cols(), bias.rows(), bias.cols());
  Tape& t = *x.tape();
  const Index batch = x.rows(), lo = s.out_length(), cout = weight.rows(), ck = s.in_channels * s.kernel;
  Var y = t.record(batch, cout * lo, conv1d_bw, {x, weight, bias});
  Node& n = t.node(y.id());
  n.integer[0] = s.in_channels;
  n.integer[1] = s.length;
  n.scalar[0] = float(s.kernel);
  n.scalar[1] = float(s.padding);
  // im2col
  MapF u(t.arena().alloc<float>(static_cast<std::size_t>(batch * lo * ck)), batch * lo, ck);
  const MapF xv = x.value();
  for (Index b = 0; b < batch; ++b)
    for (Index l = 0; l < lo; ++l)
      for (Index c = 0; c < s.in_channels; ++c)
        for (Index k = 0; k < s.kernel; ++k) {
          const Index pos = l + k - s.padding;
          u(b * lo + l, c * s.kernel + k) = (pos >= 0 && pos < s.length) ? xv(b, c * s.length + pos) : 0.f;
        }
  n.aux = u.data();
  MapF z(t.arena().alloc<float>(static_cast<std::size_t>(batch * lo * cout)), batch * lo, cout);
  dense_gemm(1.f, ad::cmap(u), Trans::No, ad::cmap(weight.value()), Trans::Yes, 0.f, z);
  MapF yv = y.value();
  const MapF bv = bias.value();
  for (Index b = 0; b < batch; ++b)
    for (Index o = 0; o < cout; ++o)
      for (Index l = 0; l < lo; ++l) yv(b, o * lo + l) = z(b * lo + l, o) + bv(0, o);
  return y;
}

MatrixF conv1d_reference(const MatrixF& x, const MatrixF& w, const MatrixF& bias, const Conv1dShape& s) {
  check_conv(s, x.rows(), x.cols(), w.rows(), w.cols(), bias.rows(), bias.cols());
  const Index lo = s.out_length();
  MatrixF y(x.rows(), w.rows() * lo);
  for (Index b = 0; b < x.rows(); ++b)
    for (Index o = 0; o < w.rows(); ++o)
      for (Index l = 0; l < lo; ++l) {
        double acc = bias(0, o);
        for (Index c = 0; c < s.in_channels; ++c)
          for (Index k = 0; k < s.kernel; ++k) {
            const Index pos = l + k - s.padding;
            if (pos >= 0 && pos < s.length) acc += double(w(o, c * s.kernel + k)) * x(b, c * s.length + pos);
          }
        y(b, o * lo + l) = float(acc);
      }
  return y;
}

}  // namespace sbi::nn
