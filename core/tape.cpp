// The autodiff tape (see tape.hpp). An adjoint is allocated when its first consumer writes it,
// and that writer assigns it (GradSink) instead of zeroing it and adding; with
// set_release_during_backward, the memory of nodes the walk has passed serves the adjoints to
// come, and Var::value/grad of such a node is an error.
#include "core/tape.hpp"

#include <algorithm>
#include <cstring>

#include "core/errors.hpp"

namespace sbi::ad {

Index Var::rows() const { return node().rows; }
Index Var::cols() const { return node().cols; }
const Node& Var::node() const {
  if (!tape_) throw ValueError("Var: use of an empty variable");
  return tape_->node(id_);
}
namespace {
void check_not_released(const Node& n, const char* what) {
  if (n.released)
    throw ValueError(std::string("Var::") + what + ": this intermediate node's memory was released during "
                     "backward (Tape::set_release_during_backward); read it before backward");
}
}  // namespace

MapF Var::value() const {
  check_not_released(node(), "value");
  return tape_->value(id_);
}
MapF Var::grad() const {
  const Node& n = node();
  check_not_released(n, "grad");
  if (n.grad) return {n.grad, n.rows, n.cols};
  if (!n.needs_grad || !tape_->backward_done())
    throw ValueError("Var::grad: no gradient; call Tape::backward first and make "
                     "sure this node depends on a variable or parameter");
  return tape_->adjoint(id_);
}

Tape::Tape(std::size_t initial_arena_bytes) : arena_(initial_arena_bytes) { nodes_.reserve(256); }

Var Tape::leaf(const float* data, Index rows, Index cols, bool needs_grad) {
  Var v = record(rows, cols, nullptr, nullptr, 0);
  Node& n = node(v.id());
  std::memcpy(n.value, data, sizeof(float) * static_cast<std::size_t>(rows * cols));
  n.needs_grad = needs_grad;
  return v;
}

Var Tape::constant(const Eigen::Ref<const MatrixF>& x) {
  if (x.outerStride() != x.cols() && x.rows() > 1) {
    // Non-contiguous view: copy row by row.
    Var v = record(x.rows(), x.cols(), nullptr, nullptr, 0);
    value(v.id()) = x;
    return v;
  }
  return leaf(x.data(), x.rows(), x.cols(), false);
}

Var Tape::variable(const Eigen::Ref<const MatrixF>& x) {
  Var v = constant(x);
  node(v.id()).needs_grad = true;
  return v;
}

Var Tape::parameter(MatrixF& value, MatrixF& grad) {
  if (grad.rows() != value.rows() || grad.cols() != value.cols())
    throw ShapeError("Tape::parameter: value is " + shape_of(value) + " but grad is " +
                     shape_of(grad));
  nodes_.emplace_back();
  Node& n = nodes_.back();
  n.value = value.data();
  n.grad = grad.data();
  n.rows = value.rows();
  n.cols = value.cols();
  n.needs_grad = true;
  n.external_grad = true;
  return {this, static_cast<int>(nodes_.size() - 1)};
}

Var Tape::parameter(const MatrixF& value) {
  nodes_.emplace_back();
  Node& n = nodes_.back();
  n.value = const_cast<float*>(value.data());  // read-only: no backward writes to it
  n.rows = value.rows();
  n.cols = value.cols();
  return {this, static_cast<int>(nodes_.size() - 1)};
}

Var Tape::scalar_constant(float v) { return leaf(&v, 1, 1, false); }

Var Tape::record(Index rows, Index cols, BackwardFn backward, std::initializer_list<Var> inputs) {
  return record(rows, cols, backward, inputs.begin(), static_cast<int>(inputs.size()));
}

Var Tape::record(Index rows, Index cols, BackwardFn backward, const Var* inputs, int count) {
  if (backward_done_)
    throw ValueError("Tape: recording after backward; call reset() before the next step");
  int* ids = count > 0 ? arena_.alloc<int>(static_cast<std::size_t>(count)) : nullptr;
  bool needs_grad = false;
  for (int j = 0; j < count; ++j) {
    if (inputs[j].tape() != this)
      throw ValueError("Tape: an input variable belongs to another tape (or was reset)");
    ids[j] = inputs[j].id();
    needs_grad = needs_grad || node(ids[j]).needs_grad;
  }
  nodes_.emplace_back();
  Node& n = nodes_.back();
  n.rows = rows;
  n.cols = cols;
  n.value = arena_.alloc<float>(static_cast<std::size_t>(std::max<Index>(rows * cols, 1)));
  n.backward = backward;
  n.inputs = ids;
  n.num_inputs = count;
  n.needs_grad = needs_grad && backward != nullptr;
  return {this, static_cast<int>(nodes_.size() - 1)};
}

void Tape::backward(Var loss) {
  const Node& n = loss.node();
  if (n.rows != 1 || n.cols != 1)
    throw ShapeError("Tape::backward: the loss must be 1x1, got " + shape_str(n.rows, n.cols) +
                     " (use backward(out, seed) for a vector-Jacobian product)");
  const float seed = 1.f;
  backward(loss, Eigen::Map<const MatrixF>(&seed, 1, 1));
}

void Tape::backward(Var out, const Eigen::Ref<const MatrixF>& seed) {
  if (backward_done_) throw ValueError("Tape::backward: already ran for this step; call reset()");
  const Node& o = out.node();
  if (seed.rows() != o.rows || seed.cols() != o.cols)
    throw ShapeError("Tape::backward: seed is " + shape_of(seed) + " but the output is " +
                     shape_str(o.rows, o.cols));
  backward_done_ = true;
  if (!o.needs_grad) return;
  adjoint(out.id()) += seed;
  for (std::size_t i = static_cast<std::size_t>(out.id()) + 1; i-- > 0;) {
    Node& n = nodes_[i];
    if (n.needs_grad && n.backward) {
      adjoint(static_cast<int>(i));  // zeros if no consumer passed a gradient back
      n.backward(*this, n);
    }
    // Every consumer of node i has a larger id and has run: its value and adjoint are dead.
    if (release_ && n.backward && i != static_cast<std::size_t>(out.id())) {
      const auto count = static_cast<std::size_t>(std::max<Index>(n.rows * n.cols, 1));
      release(n.value, count);
      if (n.grad) release(n.grad, count);
      n.value = n.grad = nullptr;
      n.released = true;
    }
  }
}

float* Tape::take_released(std::size_t count) {
  for (FreeBlocks& f : released_)
    if (f.count == count && !f.blocks.empty()) {
      float* p = f.blocks.back();
      f.blocks.pop_back();
      return p;
    }
  return nullptr;
}

void Tape::release(float* data, std::size_t count) {
  for (FreeBlocks& f : released_)
    if (f.count == count) {
      f.blocks.push_back(data);
      return;
    }
  released_.push_back({count, {data}});
}

// Adjoints are allocated and zeroed when the first consumer writes to them, not all at once
// before the walk: a step's adjoints together outgrow the L2 cache, and zeroing them up front
// made every later accumulation a cache miss.
MapF Tape::adjoint(int id) {
  bool fresh = false;
  MapF grad = adjoint_for_write(id, fresh);
  if (fresh) grad.setZero();
  return grad;
}

MapF Tape::adjoint_for_write(int id, bool& fresh) {
  Node& n = node(id);
  fresh = n.grad == nullptr;
  if (fresh) {
    const auto count = static_cast<std::size_t>(std::max<Index>(n.rows * n.cols, 1));
    n.grad = release_ ? take_released(count) : nullptr;
    if (!n.grad) n.grad = arena_.alloc<float>(count);
  }
  return {n.grad, n.rows, n.cols};
}

float* Tape::backward_scratch(std::size_t count) {
  if (backward_scratch_.size() < count) backward_scratch_.resize(count);
  return backward_scratch_.data();
}

void Tape::reset() {
  nodes_.clear();
  for (FreeBlocks& f : released_) f.blocks.clear();
  arena_.reset();
  backward_done_ = false;
}

MapF input_grad(Tape& tape, const Node& node, int j) {
  Node& in = tape.node(node.inputs[j]);
  if (!in.needs_grad) return {nullptr, in.rows, in.cols};
  return tape.adjoint(node.inputs[j]);
}

GradSink input_grad_sink(Tape& tape, const Node& node, int j) {
  const Node& in = tape.node(node.inputs[j]);
  if (!in.needs_grad) return {MapF(nullptr, in.rows, in.cols), false};
  bool fresh = false;
  const MapF grad = tape.adjoint_for_write(node.inputs[j], fresh);
  return {grad, fresh};
}

MapF input_value(Tape& tape, const Node& node, int j) {
  Node& in = tape.node(node.inputs[j]);
  return {in.value, in.rows, in.cols};
}

}  // namespace sbi::ad
