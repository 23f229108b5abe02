// Small helpers shared by the op implementations (internal to core/ and fused ops elsewhere).
#pragma once
#include "core/tape.hpp"

namespace sbi::ad {

inline ConstMapF cmap(const MapF& m) { return {m.data(), m.rows(), m.cols()}; }
// The node's own value and adjoint, inside its backward function.
inline MapF self_value(const Node& n) { return {n.value, n.rows, n.cols}; }
inline MapF self_grad(const Node& n) { return {n.grad, n.rows, n.cols}; }

// g summed over the dimensions along which dst was broadcast to g's shape, added to dst or, with
// assign, written over it.
template <class Expr>
void store_reduced(MapF dst, const Expr& g, bool assign) {
  const auto put = [&](auto&& v) {
    if (assign) dst = v;
    else dst += v;
  };
  if (dst.rows() == g.rows() && dst.cols() == g.cols()) put(g);
  else if (dst.rows() == 1 && dst.cols() == g.cols()) put(g.colwise().sum());
  else if (dst.cols() == 1 && dst.rows() == g.rows()) put(g.rowwise().sum());
  else dst(0, 0) = g.sum() + (assign ? 0.f : dst(0, 0));
}

// dst += g reduced as above.
template <class Expr>
void add_reduced(MapF dst, const Expr& g) { store_reduced(dst, g, false); }

// The same into a sink: assigned on the adjoint's first write, added after.
template <class Expr>
void put_reduced(GradSink& dst, const Expr& g) { store_reduced(dst.grad, g, dst.fresh); }

// a broadcast to rows×cols: a itself when the shape already matches, else a copy in the arena.
MapF broadcast_to(Tape& t, MapF a, Index rows, Index cols);

}  // namespace sbi::ad
