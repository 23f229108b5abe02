// `sbi bench external_simulator`: what running a simulator as an external command costs over
// the same function built in, when one simulation takes about 1 ms (issue 33's target: ≤ 5 %).
// The function is examples/simulators/busy_simulator.hpp; built in it is a FunctionSimulator
// (OpenMP threads), external it is the busy_simulator program behind ExternalSimulator
// (default batches of 1000 rows, K processes). Its step count is calibrated first so that one
// row takes ≥ 1 ms built in. For 1 and 2 threads/workers it reports wall and CPU seconds per
// 1000 rows (CPU: this process plus its children, getrusage) and their ratios, the best of 5
// interleaved repetitions (the least disturbed by other load on the machine). The program's path: $SBI_BUSY_SIMULATOR, else the build's own.
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/harness.hpp"
#include "core/parallel.hpp"
#include "examples/simulators/busy_simulator.hpp"
#include "external/external_simulator.hpp"
#include "simulators/function_simulator.hpp"

namespace sbi::bench {

namespace {

struct Cost {
  double wall = 0, cpu = 0;
};

double cpu_seconds() {
  double total = 0;
  for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
    rusage u{};
    getrusage(who, &u);
    total += static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
             1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
  }
  return total;
}

Cost measure(const sim::Simulator& simulator, const MatrixD& theta, std::uint64_t seed) {
  const double cpu0 = cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  const MatrixD x = simulator.simulate(theta, seed);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (x.rows() != theta.rows() || !x.allFinite()) throw std::runtime_error("external_simulator bench: bad output");
  return {wall, cpu_seconds() - cpu0};
}

std::string program_path() {
  if (const char* env = std::getenv("SBI_BUSY_SIMULATOR")) return env;
#ifdef SBI_BUSY_SIMULATOR
  return SBI_BUSY_SIMULATOR;
#else
  throw std::runtime_error("set SBI_BUSY_SIMULATOR to the busy_simulator program");
#endif
}

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// Steps so that one row takes about 1.2 ms of CPU built in (≥ 1 ms with some margin; CPU time,
// so that other load on the machine does not shorten the rows).
long calibrate_steps() {
  const double theta[2] = {1.0, 4.0};
  double x[2];
  const long steps = 100000;
  const double t0 = thread_cpu_seconds();
  double sink = 0;  // used below, so the loop is not optimised away
  for (int r = 0; r < 20; ++r) {
    examples::busy_simulate(theta, x, static_cast<std::uint64_t>(r), steps);
    sink += x[0];
  }
  const double per_row = (thread_cpu_seconds() - t0) / 20;
  if (!std::isfinite(sink)) throw std::runtime_error("external_simulator bench: calibration diverged");
  return std::max(1000L, static_cast<long>(static_cast<double>(steps) * 1.2e-3 / per_row));
}

// The best of the repetitions, wall and CPU separately: the least disturbed by other load.
Cost best(const std::vector<Cost>& v) {
  Cost b = v.front();
  for (const Cost& c : v) b = {std::min(b.wall, c.wall), std::min(b.cpu, c.cpu)};
  return b;
}

void run_external(Report& report, const Options& options) {
  const std::string program = program_path();
  if (!std::filesystem::exists(program)) throw std::runtime_error("busy simulator program not found: " + program);
  const long steps = calibrate_steps();
  const Index n = 2000;
  MatrixD theta(n, 2);
  for (Index i = 0; i < n; ++i) theta.row(i) << 1.0 + 0.001 * static_cast<double>(i), 4.0;
  sim::FunctionSimulator builtin(2, 2, [steps](const double* t, double* x, Rng& rng) {
    examples::busy_simulate(t, x, rng.next_u64(), steps);
  }, 1);
  const int max_threads = std::max(1, std::min(2, num_threads()));
  for (int k = 1; k <= max_threads; ++k) {
    sim::ExternalSimulatorSettings o;
    o.command = "'" + program + "' " + std::to_string(steps);
    o.theta_dim = 2;
    o.x_dim = 2;
    o.workers = k;
    const sim::ExternalSimulator external(o);
    progress(options, std::to_string(k) + " thread(s)/worker(s)");
    std::vector<Cost> in, out;
    for (int rep = 0; rep < 5; ++rep) {
      {
        ThreadCountGuard guard(k);
        in.push_back(measure(builtin, theta, 10 + rep));
      }
      out.push_back(measure(external, theta, 10 + rep));
    }
    const Cost a = best(in), b = best(out);
    const std::string label = std::to_string(k) + (k == 1 ? " thread/worker" : " threads/workers");
    const double per = 1000.0 / static_cast<double>(n);
    report.add("built in, " + label + ": wall", a.wall * per, "s/1000 sims", std::to_string(steps) + " steps per row");
    report.add("external, " + label + ": wall", b.wall * per, "s/1000 sims", "batches of 1000 rows");
    report.add("external / built in, " + label + ": wall", b.wall / a.wall, "ratio", "target ≤ 1.05");
    report.add("built in, " + label + ": CPU", a.cpu * per, "s/1000 sims", "this process");
    report.add("external, " + label + ": CPU", b.cpu * per, "s/1000 sims", "this process + children");
    report.add("external / built in, " + label + ": CPU", b.cpu / a.cpu, "ratio", "target ≤ 1.05");
  }
}

}  // namespace

SBI_BENCH_SUITE("external_simulator", "an external-command simulator against the same function built in (~1 ms/row)",
                run_external);

}  // namespace sbi::bench
