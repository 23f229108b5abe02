// The stage profiler: off by default (nothing recorded), exclusive times for nested stages,
// the validation stage as a sink for everything inside it, totals reset when turned on.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "core/stage_profile.hpp"

using namespace sbi::prof;

namespace {

// Busy-waits for `ms` milliseconds of wall time (a sleep would also do; this keeps the
// thread running like real work).
void spin(double ms) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(static_cast<long>(ms * 1000));
  while (std::chrono::steady_clock::now() < until) {
  }
}

double total(Stage s) { return stage_totals()[static_cast<std::size_t>(s)]; }

}  // namespace

TEST_CASE("stage profile: nothing is recorded while profiling is off") {
  set_profiling(true);
  set_profiling(false);
  {
    StageScope a(Stage::Adam);
    spin(2);
  }
  CHECK(total(Stage::Adam) == 0.0);
}

TEST_CASE("stage profile: a nested stage's time is charged to it, not to its parent") {
  set_profiling(true);
  {
    StageScope outer(Stage::ForwardOther);
    spin(1);
    {
      StageScope inner(Stage::GemmForward);
      spin(100);
    }
    spin(1);
  }
  const double outer = total(Stage::ForwardOther), inner = total(Stage::GemmForward);
  set_profiling(false);
  // wall-time bounds: each spin lasts at least its length (preemption only adds), and the
  // inner 100 ms is not in the outer stage's 2 ms
  CHECK(inner >= 0.100);
  CHECK(outer >= 0.002);
  CHECK(outer < 0.050);
}

TEST_CASE("stage profile: the validation pass absorbs its nested stages; turning on zeroes the totals") {
  set_profiling(true);
  {
    StageScope validation(Stage::Validation);
    StageScope gemm(Stage::GemmForward);
    spin(5);
  }
  CHECK(total(Stage::GemmForward) == 0.0);
  CHECK(total(Stage::Validation) >= 0.005);
  set_profiling(true);
  CHECK(total(Stage::Validation) == 0.0);
  set_profiling(false);
  CHECK(std::string(stage_name(Stage::Adam)) == "Adam");
}
