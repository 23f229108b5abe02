// Matrix products on the tape.
//   C = A·B   :  Ā += C̄·Bᵀ,  B̄ += Aᵀ·C̄
//   C = A·Bᵀ  :  Ā += C̄·B,   B̄ += C̄ᵀ·A
//   C = Aᵀ·B  :  Ā += B·C̄ᵀ,  B̄ += A·C̄
#include "core/errors.hpp"
#include "core/gemm.hpp"
#include "core/ops.hpp"
#include "core/ops_util.hpp"

namespace sbi::ad {

namespace {

void backward_nn(Tape& t, const Node& n) {
  const MapF g = self_grad(n);
  const MapF a = input_value(t, n, 0), b = input_value(t, n, 1);
  if (MapF ga = input_grad(t, n, 0); ga.data()) gemm(1.f, cmap(g), Trans::No, cmap(b), Trans::Yes, 1.f, ga);
  if (MapF gb = input_grad(t, n, 1); gb.data()) gemm(1.f, cmap(a), Trans::Yes, cmap(g), Trans::No, 1.f, gb);
}

void backward_nt(Tape& t, const Node& n) {
  const MapF g = self_grad(n);
  const MapF a = input_value(t, n, 0), b = input_value(t, n, 1);
  if (MapF ga = input_grad(t, n, 0); ga.data()) gemm(1.f, cmap(g), Trans::No, cmap(b), Trans::No, 1.f, ga);
  if (MapF gb = input_grad(t, n, 1); gb.data()) gemm(1.f, cmap(g), Trans::Yes, cmap(a), Trans::No, 1.f, gb);
}

void backward_tn(Tape& t, const Node& n) {
  const MapF g = self_grad(n);
  const MapF a = input_value(t, n, 0), b = input_value(t, n, 1);
  if (MapF ga = input_grad(t, n, 0); ga.data()) gemm(1.f, cmap(b), Trans::No, cmap(g), Trans::Yes, 1.f, ga);
  if (MapF gb = input_grad(t, n, 1); gb.data()) gemm(1.f, cmap(a), Trans::No, cmap(g), Trans::No, 1.f, gb);
}

Var product(const char* name, Var a, Var b, Trans ta, Trans tb, BackwardFn backward) {
  const Index m = ta == Trans::No ? a.rows() : a.cols();
  const Index k = ta == Trans::No ? a.cols() : a.rows();
  const Index kb = tb == Trans::No ? b.rows() : b.cols();
  const Index n = tb == Trans::No ? b.cols() : b.rows();
  if (k != kb)
    throw ShapeError(std::string(name) + ": inner dimensions differ, a is " +
                     shape_str(a.rows(), a.cols()) + " and b is " + shape_str(b.rows(), b.cols()));
  Tape& t = *a.tape();
  Var c = t.record(m, n, backward, {a, b});
  gemm(1.f, cmap(a.value()), ta, cmap(b.value()), tb, 0.f, c.value());
  return c;
}

}  // namespace

Var matmul(Var a, Var b) { return product("matmul", a, b, Trans::No, Trans::No, backward_nn); }
Var matmul_nt(Var a, Var b) { return product("matmul_nt", a, b, Trans::No, Trans::Yes, backward_nt); }
Var matmul_tn(Var a, Var b) { return product("matmul_tn", a, b, Trans::Yes, Trans::No, backward_tn); }

}  // namespace sbi::ad
