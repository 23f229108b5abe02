// Thread-count setting shared by all sbi++ parallel regions.
#include "core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>

#include "core/idle_cores.hpp"

namespace sbi {

namespace {
std::atomic<int> g_threads{0};  // 0: not set: OpenMP's default capped by the free cores
}

int num_threads() {
  const int n = g_threads.load(std::memory_order_relaxed);
  if (n > 0) return n;
  // OMP_NUM_THREADS set by the user is a fixed choice too.
  static const bool omp_env_set = std::getenv("OMP_NUM_THREADS") != nullptr;
  if (omp_env_set) return omp_get_max_threads();
  const int max_threads = omp_get_max_threads();
  return max_threads > 1 ? std::min(max_threads, free_cores()) : 1;
}

int thread_setting() { return g_threads.load(std::memory_order_relaxed); }

void set_num_threads(int n) { g_threads.store(n > 0 ? n : 0, std::memory_order_relaxed); }

}  // namespace sbi
