// How many of this process's cores other processes leave free, so that the default thread count
// can follow the machine's load: a parallel region waits for its slowest thread, and a thread
// that shares a core with another busy process stalls every region (7x slower than one thread
// was measured with one competing busy loop on 2 cores).
//
// Linux: from /proc/stat over the CPUs of the process's affinity mask. Over an interval Δ,
//   others' busy cores = (Δbusy jiffies of those CPUs − Δ this process's CPU jiffies) / Δjiffies per CPU
//   free cores        = CPUs − others' busy cores,
// and a core counts as free when at least 3/4 of it is. Before the first interval it uses the
// instantaneous count of runnable threads (procs_running). Elsewhere it returns the CPU count.
#pragma once

namespace sbi {

// Free cores (≥ 1, ≤ the CPUs this process may run on), re-measured at most every
// `refresh_ms` milliseconds; between refreshes it returns the last figure (cheap: one clock read).
// Thread-safe.
int free_cores(int refresh_ms = 250);

// The same estimate from explicit counter readings (the pure function behind free_cores, tested
// directly). Jiffies are summed over the process's CPUs; own_jiffies is this process's CPU time.
int free_cores_from_counters(int cpus, double delta_busy_jiffies, double delta_total_jiffies,
                             double delta_own_jiffies);

}  // namespace sbi
