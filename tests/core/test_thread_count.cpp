// The default thread count follows the free cores; fixed counts stay fixed; guards restore the
// setting itself (fixed or following the load), not the value it had at the time.
#include <doctest/doctest.h>

#include <omp.h>

#include "core/idle_cores.hpp"
#include "core/parallel.hpp"

using namespace sbi;

TEST_CASE("free cores from /proc/stat counters: others' busy time over the interval") {
  // 2 CPUs, 100 jiffies each over the interval.
  CHECK(free_cores_from_counters(2, 0, 200, 0) == 2);     // idle machine
  CHECK(free_cores_from_counters(2, 100, 200, 0) == 1);   // another process holds one core
  CHECK(free_cores_from_counters(2, 200, 200, 100) == 1); // we use one core, others the other
  CHECK(free_cores_from_counters(2, 200, 200, 200) == 2); // all the busy time is ours
  CHECK(free_cores_from_counters(2, 20, 200, 0) == 2);    // others use 0.2 core: a core is free if ≥ 3/4 is
  CHECK(free_cores_from_counters(2, 40, 200, 0) == 1);    // others use 0.4 core: 1.6 free → 1
  CHECK(free_cores_from_counters(2, 67, 200, 133) == 2);  // our 2 threads and no one else
  CHECK(free_cores_from_counters(2, 200, 200, 133) == 1); // a competitor takes its 2/3 share
  CHECK(free_cores_from_counters(4, 400, 400, 0) == 1);   // never below one
  CHECK(free_cores_from_counters(1, 100, 100, 0) == 1);
  CHECK(free_cores_from_counters(8, 0, 0, 0) == 8);       // no interval: all CPUs
}

TEST_CASE("free_cores is between 1 and the CPU count, and cached between refreshes") {
  const int a = free_cores();
  CHECK(a >= 1);
  CHECK(a <= omp_get_num_procs());
  CHECK(free_cores(60000) == free_cores(60000));
}

TEST_CASE("a fixed thread count is kept; a guard restores 'follow the load'") {
  const int before = thread_setting();
  {
    ThreadCountGuard fixed(3);
    CHECK(num_threads() == 3);
    CHECK(thread_setting() == 3);
    {
      ThreadCountGuard follow(0);
      CHECK(thread_setting() == 0);
      CHECK(num_threads() >= 1);
    }
    CHECK(thread_setting() == 3);
  }
  CHECK(thread_setting() == before);
}
