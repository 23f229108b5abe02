// The stage profiler (see stage_profile.hpp).
#include "core/stage_profile.hpp"

#include <chrono>

namespace sbi::prof {

namespace {
thread_local bool t_on = false;
thread_local StageTotals t_totals{};
thread_local StageScope* t_current = nullptr;
thread_local bool t_in_sink = false;

constexpr const char* kNames[] = {
    "GEMMs + bias, forward", "GEMMs, backward", "skip + activation, forward",
    "activation + bias, backward", "MADE masks", "spline kernel, forward",
    "spline kernel, backward", "z-scoring", "other forward ops + tape", "other backward ops + tape",
    "minibatch copy + tape reset", "gradient zeroing, slots, clipping", "Adam",
    "shuffle", "validation pass", "rest of the epoch loop"};
static_assert(sizeof(kNames) / sizeof(kNames[0]) == static_cast<std::size_t>(Stage::Count));

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

const char* stage_name(Stage s) { return kNames[static_cast<std::size_t>(s)]; }

void set_profiling(bool on) {
  t_on = on;
  if (on) t_totals.fill(0.0);
  t_current = nullptr;
  t_in_sink = false;
}

bool profiling() { return t_on && !t_in_sink; }

const StageTotals& stage_totals() { return t_totals; }

void StageScope::begin(Stage s) {
  stage_ = s;
  active_ = true;
  parent_ = t_current;
  t_current = this;
  if (s == Stage::Validation) t_in_sink = true;
  start_ns_ = now_ns();
}

void StageScope::end() {
  const std::int64_t elapsed = now_ns() - start_ns_;
  t_totals[static_cast<std::size_t>(stage_)] += 1e-9 * double(elapsed - child_ns_);
  if (parent_) parent_->child_ns_ += elapsed;
  t_current = parent_;
  if (stage_ == Stage::Validation) t_in_sink = false;
}

}  // namespace sbi::prof
