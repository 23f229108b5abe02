// Thread-count setting shared by all sbi++ parallel regions.
#include "core/parallel.hpp"

#include <atomic>

namespace sbi {

namespace {
std::atomic<int> g_threads{0};  // 0: not set, use OpenMP's default
}

int num_threads() {
  const int n = g_threads.load(std::memory_order_relaxed);
  return n > 0 ? n : omp_get_max_threads();
}

void set_num_threads(int n) { g_threads.store(n > 0 ? n : 0, std::memory_order_relaxed); }

}  // namespace sbi
