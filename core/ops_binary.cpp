// Broadcasting elementwise arithmetic. A broadcast operand is expanded to the output shape
// (in the arena) and the adjoint is summed back over the broadcast dimensions:
//   c = a + b :  ā += Σ c̄,        b̄ += Σ c̄
//   c = a - b :  ā += Σ c̄,        b̄ -= Σ c̄
//   c = a ⊙ b :  ā += Σ c̄ ⊙ b,    b̄ += Σ c̄ ⊙ a
//   c = a ⊘ b :  ā += Σ c̄ ⊘ b,    b̄ -= Σ c̄ ⊙ c ⊘ b
#include "core/errors.hpp"
#include "core/ops.hpp"
#include "core/ops_util.hpp"

namespace sbi::ad {

void broadcast_shape(const char* op, Index ar, Index ac, Index br, Index bc, Index& rows,
                     Index& cols) {
  auto extent = [](Index x, Index y, bool& ok) {
    if (x == y || y == 1) return x;
    if (x == 1) return y;
    ok = false;
    return x;
  };
  bool ok = true;
  rows = extent(ar, br, ok);
  cols = extent(ac, bc, ok);
  if (!ok)
    throw ShapeError(std::string(op) + ": shapes " + shape_str(ar, ac) + " and " +
                     shape_str(br, bc) + " cannot be broadcast together");
}

MapF broadcast_to(Tape& t, MapF a, Index rows, Index cols) {
  if (a.rows() == rows && a.cols() == cols) return a;
  MapF out(t.arena().alloc<float>(static_cast<std::size_t>(rows * cols)), rows, cols);
  if (a.rows() == 1 && a.cols() == 1) out.setConstant(a(0, 0));
  else if (a.rows() == 1) out.rowwise() = a.row(0);
  else out.colwise() = a.col(0);
  return out;
}

namespace {

enum class BinOp { Add, Sub, Mul, Div };

template <BinOp op>
void binary_backward(Tape& t, const Node& n) {
  const MapF g = self_grad(n);
  // One input at a time, sink then write: when a and b are the same node, the second sink
  // sees the first write and accumulates.
  if constexpr (op == BinOp::Add || op == BinOp::Sub) {
    if (GradSink ga = input_grad_sink(t, n, 0)) put_reduced(ga, g);
    if (GradSink gb = input_grad_sink(t, n, 1)) {
      if constexpr (op == BinOp::Add) put_reduced(gb, g);
      else put_reduced(gb, -g);
    }
  } else {
    const MapF a = broadcast_to(t, input_value(t, n, 0), n.rows, n.cols);
    const MapF b = broadcast_to(t, input_value(t, n, 1), n.rows, n.cols);
    if constexpr (op == BinOp::Mul) {
      if (GradSink ga = input_grad_sink(t, n, 0)) put_reduced(ga, (g.array() * b.array()).matrix());
      if (GradSink gb = input_grad_sink(t, n, 1)) put_reduced(gb, (g.array() * a.array()).matrix());
    } else {
      const MapF c = self_value(n);
      if (GradSink ga = input_grad_sink(t, n, 0)) put_reduced(ga, (g.array() / b.array()).matrix());
      if (GradSink gb = input_grad_sink(t, n, 1)) put_reduced(gb, (-g.array() * c.array() / b.array()).matrix());
    }
  }
}

template <BinOp op>
Var binary(const char* name, Var a, Var b) {
  Index rows = 0, cols = 0;
  broadcast_shape(name, a.rows(), a.cols(), b.rows(), b.cols(), rows, cols);
  Tape& t = *a.tape();
  Var c = t.record(rows, cols, binary_backward<op>, {a, b});
  const MapF av = broadcast_to(t, a.value(), rows, cols);
  const MapF bv = broadcast_to(t, b.value(), rows, cols);
  MapF cv = c.value();
  if constexpr (op == BinOp::Add) cv = av + bv;
  else if constexpr (op == BinOp::Sub) cv = av - bv;
  else if constexpr (op == BinOp::Mul) cv = (av.array() * bv.array()).matrix();
  else cv = (av.array() / bv.array()).matrix();
  return c;
}

}  // namespace

Var add(Var a, Var b) { return binary<BinOp::Add>("add", a, b); }
Var sub(Var a, Var b) { return binary<BinOp::Sub>("sub", a, b); }
Var mul(Var a, Var b) { return binary<BinOp::Mul>("mul", a, b); }
Var div(Var a, Var b) { return binary<BinOp::Div>("div", a, b); }

}  // namespace sbi::ad
