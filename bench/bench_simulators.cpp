// `sbi bench simulators`: simulations per second for every registered task, with all threads
// and with one thread (the ratio is the parallel speed-up measured in the same run). Each task
// simulates a fixed batch of prior θ (smaller batches for the ODE tasks).
#include <stdexcept>
#include <string>

#include "bench/harness.hpp"
#include "core/parallel.hpp"
#include "simulators/task.hpp"

namespace sbi::bench {

namespace {

Index batch_size(const std::string& task) {
  if (task == "sir" || task == "lotka_volterra") return 2000;
  if (task.rfind("bernoulli_glm", 0) == 0) return 10000;
  return 50000;
}

void run_simulators(Report& report, const Options& options) {
  const int threads = num_threads();
  for (const auto& name : sim::task_names()) {
    const sim::Task task = sim::make_task(name);
    const Index n = batch_size(name);
    const MatrixD theta = task.sample_prior(n, 1);
    progress(options, name);
    std::uint64_t seed = 0;
    auto run = [&] {
      const MatrixD x = task.simulate(theta, ++seed);
      if (x.rows() != n) throw std::runtime_error("bad batch");
    };
    double single = 0.0;
    {
      ThreadCountGuard guard(1);
      single = static_cast<double>(n) / seconds_per_call(run, options.min_seconds);
    }
    const double parallel = static_cast<double>(n) / seconds_per_call(run, options.min_seconds);
    report.add(name + " (1 thread)", single, "sims/s", "batch of " + std::to_string(n) + " prior θ");
    if (threads > 1)
      report.add(name + " (" + std::to_string(threads) + " threads)", parallel, "sims/s",
                 std::to_string(parallel / single).substr(0, 4) + "x the single-thread rate");
  }
}

}  // namespace

SBI_BENCH_SUITE("simulators", "simulations per second for every benchmark task (1 vs all threads)", run_simulators);

}  // namespace sbi::bench
