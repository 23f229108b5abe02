// "Threads never hurt": runs a suite once on one thread and once with the default thread count
// (which follows the free cores, core/idle_cores.hpp), optionally while K busy-loop processes
// compete for the cores, and compares every timing row:
//   ratio = 1-thread time / default-threads time   (rows in s, ms, us, ns),
//   ratio = default-threads rate / 1-thread rate   (rows in .../s),
// so a ratio below 1 means the threads made that row slower.
#pragma once
#include <string>
#include <vector>

#include "bench/harness.hpp"

namespace sbi::bench {

// K child processes that spin until this object is destroyed (then killed and reaped).
class CompetingLoad {
 public:
  explicit CompetingLoad(int processes);
  ~CompetingLoad();
  CompetingLoad(const CompetingLoad&) = delete;
  CompetingLoad& operator=(const CompetingLoad&) = delete;

 private:
  std::vector<int> pids_;
};

struct ThreadCheckRow {
  std::string name;
  std::string unit;
  double one_thread = 0;
  double default_threads = 0;
  double ratio = 0;  // > 1: the default thread count is faster
};

// Whether a unit is a time (smaller is better) or a rate (larger is better); other units
// (ratios, counts) are not compared.
enum class UnitKind { Time, Rate, Other };
UnitKind unit_kind(const std::string& unit);

// Pairs the rows of the two runs by name and computes the ratios.
std::vector<ThreadCheckRow> compare_thread_runs(const Report& one_thread, const Report& default_threads);

// Runs `suite` on one thread and with the default thread count (in that order, each under the
// competing load when `competing_processes` > 0) and reports the compared rows.
std::vector<ThreadCheckRow> run_thread_check(const Suite& suite, const Options& options, int competing_processes);

std::string thread_check_table(const std::string& suite, int competing_processes,
                               const std::vector<ThreadCheckRow>& rows);

}  // namespace sbi::bench
