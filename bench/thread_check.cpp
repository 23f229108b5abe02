// One thread against the default thread count, under a competing load (see thread_check.hpp).
#include "bench/thread_check.hpp"

#include <csignal>
#include <cstdio>
#include <sstream>

#include <sys/wait.h>
#include <unistd.h>

#include "core/errors.hpp"
#include "core/parallel.hpp"

namespace sbi::bench {

CompetingLoad::CompetingLoad(int processes) {
  for (int i = 0; i < processes; ++i) {
    const pid_t pid = ::fork();
    if (pid < 0) throw Error("could not start a competing busy-loop process");
    if (pid == 0) {  // the child spins until killed; it touches nothing of the parent's state
      volatile unsigned long spin = 0;
      for (;;) spin = spin + 1;
    }
    pids_.push_back(pid);
  }
  if (processes > 0) ::usleep(300000);  // let the load register in /proc/stat before measuring
}

CompetingLoad::~CompetingLoad() {
  for (int pid : pids_) ::kill(pid, SIGKILL);
  for (int pid : pids_) ::waitpid(pid, nullptr, 0);
}

UnitKind unit_kind(const std::string& unit) {
  if (unit == "s" || unit == "ms" || unit == "us" || unit == "ns") return UnitKind::Time;
  if (unit.size() > 2 && unit.compare(unit.size() - 2, 2, "/s") == 0) return UnitKind::Rate;
  return UnitKind::Other;
}

std::vector<ThreadCheckRow> compare_thread_runs(const Report& one_thread, const Report& default_threads) {
  std::vector<ThreadCheckRow> out;
  for (const Row& a : one_thread.rows()) {
    const UnitKind kind = unit_kind(a.unit);
    if (kind == UnitKind::Other || !(a.value > 0)) continue;
    for (const Row& b : default_threads.rows()) {
      if (b.name != a.name || b.unit != a.unit || !(b.value > 0)) continue;
      const double ratio = kind == UnitKind::Time ? a.value / b.value : b.value / a.value;
      out.push_back({a.name, a.unit, a.value, b.value, ratio});
      break;
    }
  }
  return out;
}

std::vector<ThreadCheckRow> run_thread_check(const Suite& suite, const Options& options, int competing_processes) {
  const CompetingLoad load(competing_processes);
  Report one(suite.name), all(suite.name);
  {
    const ThreadCountGuard guard(1);
    suite.run(one, options);
  }
  {
    const ThreadCountGuard guard(0);  // the default: follows the free cores
    suite.run(all, options);
  }
  return compare_thread_runs(one, all);
}

std::string thread_check_table(const std::string& suite, int competing_processes,
                               const std::vector<ThreadCheckRow>& rows) {
  std::ostringstream s;
  s << "sbi bench " << suite << " --thread-check, " << competing_processes
    << " competing busy process(es): 1 thread against the default thread count\n";
  double worst = 0;
  for (const auto& r : rows) {
    char line[256];
    std::snprintf(line, sizeof line, "  %-48s %12.4g %12.4g %-8s ratio %.3f\n", r.name.c_str(), r.one_thread,
                  r.default_threads, r.unit.c_str(), r.ratio);
    s << line;
    worst = worst == 0 ? r.ratio : std::min(worst, r.ratio);
  }
  s << "  lowest ratio (1-thread time / default time): " << worst << "\n";
  return s.str();
}

}  // namespace sbi::bench
