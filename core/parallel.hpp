// Deterministic OpenMP parallelism. Work over [0, n) is cut into chunks whose boundaries
// depend only on n and the grain, never on the number of threads; a chunk always runs the
// same code on the same data, so results are bit-identical for any thread count.
#pragma once
#include <omp.h>

#include <algorithm>

#include "core/tensor.hpp"

namespace sbi {

// Threads used by sbi++ parallel regions. set_num_threads(n > 0) fixes the count (--threads N);
// by default (or after set_num_threads(0)) it is OpenMP's setting capped by the cores other
// processes leave free (core/idle_cores.hpp), re-measured at most every 250 ms: a thread on a
// core shared with another busy process would stall every region. Results never depend on it.
int num_threads();
void set_num_threads(int n);
// The setting itself: n > 0 when fixed, 0 when following the load.
int thread_setting();

// Runs body(begin, end) for consecutive chunks of at most `grain` items covering [0, n).
// Chunks run concurrently; the body must write only to its own chunk's outputs.
template <class Body>
void parallel_for(Index n, Index grain, Body&& body) {
  if (n <= 0) return;
  grain = std::max<Index>(grain, 1);
  const Index chunks = (n + grain - 1) / grain;
  if (chunks == 1 || num_threads() == 1) {
    for (Index c = 0; c < chunks; ++c) body(c * grain, std::min(n, (c + 1) * grain));
    return;
  }
#pragma omp parallel for schedule(dynamic, 1) num_threads(num_threads())
  for (Index c = 0; c < chunks; ++c) body(c * grain, std::min(n, (c + 1) * grain));
}

// Scoped override of the thread count (restores the previous value).
class ThreadCountGuard {
 public:
  explicit ThreadCountGuard(int n) : previous_(thread_setting()) { set_num_threads(n); }
  ~ThreadCountGuard() { set_num_threads(previous_); }
  ThreadCountGuard(const ThreadCountGuard&) = delete;
  ThreadCountGuard& operator=(const ThreadCountGuard&) = delete;

 private:
  int previous_;
};

}  // namespace sbi
