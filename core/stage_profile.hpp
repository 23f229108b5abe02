// An opt-in profiler of where a training step spends its time, by stage (`sbi bench flows
// --profile`). Code marks a region with `StageScope scope(Stage::X)`; while profiling is on
// (on the calling thread), each stage accumulates its *exclusive* wall time: a nested scope's
// time is charged to the nested stage and subtracted from its parent. A scope of a "sink" stage
// (Stage::Validation) charges everything inside it to itself, so the validation pass is one
// figure. Off (the default), a scope costs one thread-local load and a branch.
//   exclusive(s) = Σ_scopes of s (t_end − t_start) − Σ_children (t_end − t_start)
// Totals are per thread and need no allocation; profile on one thread.
#pragma once
#include <array>
#include <cstdint>

namespace sbi::prof {

enum class Stage : int {
  GemmForward,         // the products of linear layers with their bias, forward
  GemmBackward,        // their products for ∂x and ∂W
  BiasActivation,      // skip input, activation and its saved input, forward
  ActivationBackward,  // activation derivative and bias gradient
  Mask,                // applying MADE masks to weights (forward and backward)
  SplineForward,       // the rational-quadratic spline kernel
  SplineBackward,
  Standardize,         // z-scoring of θ and x on the tape
  ForwardOther,        // every other forward op and its tape bookkeeping
  BackwardOther,       // every other backward op and the tape's walk
  BatchGather,         // copying the minibatch rows onto the tape, tape reset
  GradientSlots,       // zeroing, per-chunk gradient slots and their reduction, clipping
  Adam,                // the optimizer step
  Shuffle,             // the epoch's shuffle
  Validation,          // the whole validation pass (sink)
  TrainerOther,        // the rest of the epoch loop
  Count
};

const char* stage_name(Stage s);

using StageTotals = std::array<double, static_cast<std::size_t>(Stage::Count)>;  // seconds

// Turns profiling on or off on this thread (and zeroes the totals when turning it on).
void set_profiling(bool on);
bool profiling();
const StageTotals& stage_totals();

class StageScope {
 public:
  explicit StageScope(Stage s) {
    if (profiling()) begin(s);
  }
  ~StageScope() {
    if (active_) end();
  }
  StageScope(const StageScope&) = delete;
  StageScope& operator=(const StageScope&) = delete;

 private:
  void begin(Stage s);
  void end();

  Stage stage_ = Stage::Count;
  bool active_ = false;
  std::int64_t start_ns_ = 0;
  std::int64_t child_ns_ = 0;
  StageScope* parent_ = nullptr;
};

}  // namespace sbi::prof
