// The parameter registry. A Param owns a weight matrix and its gradient; a module lists its
// parameters as named (value, grad) pairs so that optimizers, the trainer, gradient checks
// and model files can treat any network alike.
//
// Gradient routing: Param::var(tape) puts the weight on a tape. Normally backward adds into
// `grad`; inside a GradientSlotScope(c) it adds into a per-slot buffer instead (the trainer
// runs chunks of a minibatch on separate threads and sums the slots in a fixed order); inside
// a NoGradScope the weight is a constant (inference).
#pragma once
#include <string>
#include <vector>

#include "core/gradcheck.hpp"
#include "core/rng.hpp"
#include "core/tape.hpp"

namespace sbi::nn {

struct Param {
  MatrixF value;
  MatrixF grad;                  // same shape, accumulated by backward
  std::vector<MatrixF> slots;    // per-chunk gradients (see GradientSlotScope)

  Param() = default;
  Param(Index rows, Index cols) : value(MatrixF::Zero(rows, cols)), grad(MatrixF::Zero(rows, cols)) {}
  // The weight as a tape leaf, routed as described above.
  ad::Var var(ad::Tape& tape);
  // U(-bound, bound) entries.
  void init_uniform(Rng& rng, double bound);
};

struct NamedParam {
  std::string name;
  Param* param;
};
using ParamList = std::vector<NamedParam>;

// A network or layer: exposes its parameters under a name prefix ("layers.0.weight").
class Module {
 public:
  virtual ~Module() = default;
  virtual void collect_parameters(const std::string& prefix, ParamList& out) = 0;
  ParamList parameters();
  Index num_parameters();
  void zero_grad();
};

// Helpers on parameter lists.
void zero_grad(const ParamList& params);
Index count_parameters(const ParamList& params);
// (value, grad, name) triples for ad::check_gradients.
std::vector<ad::ParamRef> gradcheck_refs(const ParamList& params);

// A copy of all weights, e.g. of the best epoch; restore() writes it back (shapes checked).
class WeightSnapshot {
 public:
  void capture(const ParamList& params);  // reuses its storage after the first call
  void restore(const ParamList& params) const;
  bool empty() const { return values_.empty(); }

 private:
  std::vector<MatrixF> values_;
};

// Within this scope (on this thread) Param::var routes gradients into slot `slot`, sized by
// prepare_gradient_slots beforehand; a parameter without that slot (one that is not being
// trained) is put on the tape as a constant.
class GradientSlotScope {
 public:
  explicit GradientSlotScope(int slot);
  ~GradientSlotScope();
  GradientSlotScope(const GradientSlotScope&) = delete;
  GradientSlotScope& operator=(const GradientSlotScope&) = delete;

 private:
  int previous_;
};
// Sizes (allocating at most once) and zeroes `slots` gradient buffers of every parameter.
void prepare_gradient_slots(const ParamList& params, int slots);
// grad += Σ_{c < slots} slot_c, in slot order (deterministic).
void reduce_gradient_slots(const ParamList& params, int slots);

// Within this scope (on this thread) Param::var gives constants: no gradient is recorded.
class NoGradScope {
 public:
  NoGradScope();
  ~NoGradScope();
  NoGradScope(const NoGradScope&) = delete;
  NoGradScope& operator=(const NoGradScope&) = delete;

 private:
  bool previous_;
};

}  // namespace sbi::nn
