// Free cores from /proc/stat (see idle_cores.hpp for the formula).
#include "core/idle_cores.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>
#include <mutex>
#include <cstring>
#include <thread>
#include <vector>

#ifdef __linux__
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>
#endif

namespace sbi {

int free_cores_from_counters(int cpus, double delta_busy_jiffies, double delta_total_jiffies,
                             double delta_own_jiffies) {
  if (cpus <= 1 || delta_total_jiffies <= 0) return std::max(cpus, 1);
  const double per_cpu = delta_total_jiffies / cpus;
  const double others_busy = std::max(0.0, delta_busy_jiffies - delta_own_jiffies) / per_cpu;
  const double free = cpus - others_busy;
  return std::clamp(static_cast<int>(std::floor(free + 0.25)), 1, cpus);
}

#ifdef __linux__

namespace {

struct CpuCounters {
  double busy = 0, total = 0;  // jiffies over the process's CPUs
  double own = 0;              // this process's CPU time, in jiffies
  int cpus = 0;
  int running = 0;             // procs_running: runnable threads, system-wide
  bool ok = false;
};

std::vector<bool> allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<bool> allowed;
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return allowed;
  for (int c = 0; c < CPU_SETSIZE; ++c) {
    if (!CPU_ISSET(c, &set)) continue;
    if (static_cast<int>(allowed.size()) <= c) allowed.resize(c + 1, false);
    allowed[c] = true;
  }
  return allowed;
}

// Adds one /proc/stat line to the counters: a "cpuN ..." line of an allowed CPU, or procs_running.
void add_stat_line(const char* line, const std::vector<bool>& allowed, CpuCounters& c) {
  if (std::strncmp(line, "procs_running ", 14) == 0) {
    c.running = std::atoi(line + 14);
    return;
  }
  if (std::strncmp(line, "cpu", 3) != 0 || !std::isdigit(static_cast<unsigned char>(line[3]))) return;
  char* p = nullptr;
  const long id = std::strtol(line + 3, &p, 10);
  if (id < 0 || id >= static_cast<long>(allowed.size()) || !allowed[id]) return;
  double v[8] = {0, 0, 0, 0, 0, 0, 0, 0};  // user nice system idle iowait irq softirq steal
  for (double& x : v) x = std::strtod(p, &p);
  double total = 0;
  for (double x : v) total += x;
  c.total += total;
  c.busy += total - v[3] - v[4];
  ++c.cpus;
}

// Reads /proc/stat without touching the heap (it may run inside a training or MCMC step): lines
// are assembled in a fixed buffer; longer lines (interrupt counts) are cut, as they are not used.
CpuCounters read_counters(const std::vector<bool>& allowed) {
  CpuCounters c;
  const int fd = ::open("/proc/stat", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return c;
  char chunk[4096];
  char line[512];
  std::size_t used = 0;
  for (;;) {
    const ssize_t got = ::read(fd, chunk, sizeof chunk);
    if (got <= 0) break;
    for (ssize_t i = 0; i < got; ++i) {
      if (chunk[i] == '\n') {
        line[used] = '\0';
        add_stat_line(line, allowed, c);
        used = 0;
      } else if (used + 1 < sizeof line) {
        line[used++] = chunk[i];
      }
    }
  }
  ::close(fd);
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  c.own = (ts.tv_sec + ts.tv_nsec * 1e-9) * static_cast<double>(sysconf(_SC_CLK_TCK));
  c.ok = c.cpus > 0;
  return c;
}

struct FreeCoreTracker {
  std::mutex mutex;
  std::vector<bool> allowed = allowed_cpus();
  CpuCounters last;
  std::atomic<std::chrono::steady_clock::time_point> last_time{};
  std::atomic<int> estimate{0};
};

FreeCoreTracker& tracker() {
  static FreeCoreTracker t;
  return t;
}

}  // namespace

int free_cores(int refresh_ms) {
  auto& t = tracker();
  const int cached = t.estimate.load(std::memory_order_relaxed);
  const auto now = std::chrono::steady_clock::now();
  if (cached > 0 && now - t.last_time.load() < std::chrono::milliseconds(refresh_ms)) return cached;
  std::unique_lock lock(t.mutex, std::try_to_lock);
  if (!lock.owns_lock()) return std::max(cached, 1);  // another thread is refreshing
  const CpuCounters c = read_counters(t.allowed);
  int free = std::max(cached, 1);
  if (!c.ok) {
    free = std::max(1, static_cast<int>(std::count(t.allowed.begin(), t.allowed.end(), true)));
  } else if (!t.last.ok) {  // no interval yet: the runnable threads now, less this one
    free = std::clamp(c.cpus - std::max(c.running - 1, 0), 1, c.cpus);
    t.last = c;
  } else if (c.total - t.last.total >= c.cpus * 5.0) {  // an interval of ≥ 5 jiffies per CPU
    free = free_cores_from_counters(c.cpus, c.busy - t.last.busy, c.total - t.last.total, c.own - t.last.own);
    t.last = c;
  }
  t.last_time.store(now);
  t.estimate.store(free, std::memory_order_relaxed);
  return free;
}

#else

int free_cores(int) {
  static const int cpus = [] {
    const unsigned n = std::thread::hardware_concurrency();
    return n > 0 ? static_cast<int>(n) : 1;
  }();
  return cpus;
}

#endif

}  // namespace sbi
