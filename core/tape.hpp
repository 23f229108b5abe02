// Reverse-mode automatic differentiation with matrix-valued nodes.
//
// Each node holds a whole matrix (value and adjoint are row-major float matrices), so an MLP
// layer is a handful of nodes, not millions of scalar nodes. Operations run eagerly
// (define-by-run) and record a node with a backward function; Tape::backward(loss) walks the
// nodes in reverse and accumulates adjoints:  ā_input += (∂out/∂input)ᵀ ā_out.
//
// Memory: node values, adjoints and scratch come from an Arena that reset() recycles, and
// the node list keeps its capacity, so after the first step a forward+backward step performs
// no heap allocation. Parameters are leaves that point at storage owned by the model; their
// adjoints accumulate straight into the model's gradient matrices.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "core/arena.hpp"
#include "core/tensor.hpp"

namespace sbi::ad {

class Tape;
struct Node;

// Propagates node.grad into the adjoints of node's inputs.
using BackwardFn = void (*)(Tape& tape, const Node& node);

struct Node {
  float* value = nullptr;      // rows×cols, row-major
  float* grad = nullptr;       // adjoint, same shape; set when backward first writes it (or external)
  Index rows = 0, cols = 0;
  BackwardFn backward = nullptr;  // nullptr for leaves
  const int* inputs = nullptr;    // ids of the input nodes (arena storage)
  int num_inputs = 0;
  float scalar[2] = {0.f, 0.f};   // per-op constants (exponent, clamp bounds, ...)
  std::int64_t integer[2] = {0, 0};
  const void* aux = nullptr;      // per-op data (a constant mask, gathered indices, ...)
  bool needs_grad = false;
  bool external_grad = false;     // grad points at caller storage (parameters)
  bool released = false;          // value and adjoint handed back during backward (see Tape)
};

// A handle to a node on a tape: cheap to copy, valid until the tape is reset.
class Var {
 public:
  Var() = default;
  Var(Tape* tape, int id) : tape_(tape), id_(id) {}

  Tape* tape() const { return tape_; }
  int id() const { return id_; }
  bool valid() const { return tape_ != nullptr; }
  Index rows() const;
  Index cols() const;
  MapF value() const;
  // The adjoint ∂loss/∂this after Tape::backward (zeros if no gradient reached the node; an
  // error if the node needs none).
  MapF grad() const;
  const Node& node() const;

 private:
  Tape* tape_ = nullptr;
  int id_ = -1;
};

class Tape {
 public:
  explicit Tape(std::size_t initial_arena_bytes = std::size_t(1) << 20);
  Tape(const Tape&) = delete;
  Tape& operator=(const Tape&) = delete;

  // ---- leaves ----
  // A copy of x that needs no gradient.
  Var constant(const Eigen::Ref<const MatrixF>& x);
  // A copy of x whose gradient is wanted (e.g. θ for HMC, the input of a gradient check).
  Var variable(const Eigen::Ref<const MatrixF>& x);
  // A model parameter: the node reads `value` in place and backward adds into `grad`
  // (same shape). Both must outlive the current step.
  Var parameter(MatrixF& value, MatrixF& grad);
  // A parameter used for inference only (no gradient).
  Var parameter(const MatrixF& value);
  Var scalar_constant(float v);

  // ---- building new ops (used by ops*.cpp and by other modules' fused ops) ----
  // Records a node of the given shape with uninitialised value; needs_grad if any input does.
  Var record(Index rows, Index cols, BackwardFn backward, std::initializer_list<Var> inputs);
  Var record(Index rows, Index cols, BackwardFn backward, const Var* inputs, int count);
  Node& node(int id) { return nodes_[static_cast<std::size_t>(id)]; }
  const Node& node(int id) const { return nodes_[static_cast<std::size_t>(id)]; }
  // A view of a node's value.
  MapF value(int id) { return {node(id).value, node(id).rows, node(id).cols}; }
  // A node's adjoint during or after backward, allocated and zeroed on first use.
  MapF adjoint(int id);
  // The same for a consumer that writes every entry: on the first use the memory is left
  // uninitialised and `fresh` is set, and the consumer assigns instead of accumulating (one
  // pass over the adjoint instead of zeroing it and then adding to it).
  MapF adjoint_for_write(int id, bool& fresh);
  bool backward_done() const { return backward_done_; }
  // Per-step scratch memory (freed by reset).
  Arena& arena() { return arena_; }
  // Scratch for one backward function: `count` floats, valid until the next call. The same
  // memory serves every node of the walk, so it stays in cache (an arena block per node would
  // be fresh memory each time); it grows to the largest request and keeps its capacity.
  float* backward_scratch(std::size_t count);

  // ---- differentiation ----
  // Seeds ∂loss/∂loss = 1 (loss must be 1×1) and propagates to every node that needs it.
  void backward(Var loss);
  // Vector–Jacobian product: seeds the adjoint of `out` with `seed` (same shape).
  void backward(Var out, const Eigen::Ref<const MatrixF>& seed);

  // Forgets all nodes and recycles the arena; call once per step.
  void reset();

  // With release on, backward hands each intermediate node's value and adjoint back as soon as
  // the walk has passed it (no backward function left can read them) and gives that memory to
  // the adjoints still to be written: a step's memory shrinks from every value plus every
  // adjoint to little more than the values, and the adjoints are written into memory that was
  // just read, in cache. Leaves (inputs, parameters, constants) and the output keep theirs;
  // reading an intermediate node's value or adjoint after backward is then an error. For
  // callers that want only the leaves' gradients (the trainer); off by default.
  void set_release_during_backward(bool release) { release_ = release; }

  std::size_t size() const { return nodes_.size(); }
  std::size_t arena_capacity() const { return arena_.capacity(); }
  std::size_t arena_system_allocations() const { return arena_.system_allocations(); }

 private:
  Var leaf(const float* data, Index rows, Index cols, bool needs_grad);
  void run_backward();

  // Released blocks of `count` floats, most recent last (see set_release_during_backward).
  struct FreeBlocks {
    std::size_t count = 0;
    std::vector<float*> blocks;
  };
  float* take_released(std::size_t count);
  void release(float* data, std::size_t count);

  Arena arena_;
  std::vector<float, Eigen::aligned_allocator<float>> backward_scratch_;
  std::vector<Node> nodes_;
  std::vector<FreeBlocks> released_;  // capacity kept across reset(): no allocation after warm-up
  bool backward_done_ = false;
  bool release_ = false;
};

// Adjoint of input j of `node` if that input needs a gradient, else an empty map (data null).
MapF input_grad(Tape& tape, const Node& node, int j);
// The adjoint of input j for a backward function that writes all of it: assign when `fresh`
// (first write; the memory is uninitialised), else accumulate. Empty (data null) as input_grad.
struct GradSink {
  MapF grad;
  bool fresh = false;
  explicit operator bool() const { return grad.data() != nullptr; }
  // grad = e on the first write, grad += e after.
  template <class Expr>
  void put(const Expr& e) {
    if (fresh) grad = e;
    else grad += e;
  }
};
GradSink input_grad_sink(Tape& tape, const Node& node, int j);
// Value of input j of `node`.
MapF input_value(Tape& tape, const Node& node, int j);
inline bool input_needs_grad(const Tape& tape, const Node& node, int j) {
  return tape.node(node.inputs[j]).needs_grad;
}

}  // namespace sbi::ad
