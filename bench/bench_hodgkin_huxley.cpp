// `sbi bench hodgkin_huxley`: Hodgkin–Huxley simulations per second on the Allen protocol
// (72,500 exponential-Euler steps of 0.02 ms), plain scalar reference loop vs the vectorised
// lockstep batch path, on one thread and on all threads, with the vector/scalar ratios.
// The protocol is the first recording in $SBI_DATA_DIR/allen or ../shared/data/allen (relative to
// the working directory); when neither exists, the synthetic step protocol with the same timing.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "bench/harness.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "simulators/allen_recording.hpp"
#include "simulators/hodgkin_huxley.hpp"
#include "simulators/hodgkin_huxley_batch.hpp"

namespace sbi::bench {
namespace {

sim::HHProtocol bench_protocol(std::string& source) {
  std::filesystem::path dir = "../shared/data/allen";
  if (const char* env = std::getenv("SBI_DATA_DIR")) dir = std::filesystem::path(env) / "allen";
  if (std::filesystem::is_directory(dir)) {
    const auto files = sim::list_allen_recordings(dir);
    if (!files.empty()) {
      source = files.front().filename().string();
      return sim::HHProtocol::from_recording(sim::load_allen_recording(files.front()));
    }
  }
  source = "synthetic step (no Allen data found)";
  return sim::HHProtocol::step();
}

// Rows drawn from the uniform prior (a mix of silent and spiking neurons).
MatrixD prior_draws(Index rows) {
  const auto lo = sim::HodgkinHuxleySimulator::prior_lower();
  const auto hi = sim::HodgkinHuxleySimulator::prior_upper();
  MatrixD theta(rows, 8);
  Rng rng(123, 0);
  for (Index i = 0; i < rows; ++i)
    for (Index j = 0; j < 8; ++j) theta(i, j) = rng.uniform(lo[j], hi[j]);
  return theta;
}

void bench_hodgkin_huxley(Report& report, const Options& options) {
  std::string source;
  const sim::HodgkinHuxleySimulator simulator(bench_protocol(source));
  const double steps = double(simulator.protocol().size());
  const int threads = num_threads();
  const Index rows = 16 * std::max(threads, 1);
  const MatrixD theta = prior_draws(rows);
  const std::string note = std::to_string(rows) + " prior draws, " + source;

  auto rate = [&](bool vectorised, int n_threads) {
    ThreadCountGuard guard(n_threads);
    const double seconds = seconds_per_call(
        [&] {
          MatrixD x = vectorised ? simulator.simulate(theta, 1)
                                 : simulator.Simulator::simulate(theta, 1);  // simulate_one rows
          if (x.rows() != rows) std::abort();
        },
        options.min_seconds);
    return double(rows) / seconds;
  };

  progress(options, "scalar, 1 thread");
  const double scalar1 = rate(false, 1);
  progress(options, "vectorised, 1 thread");
  const double vector1 = rate(true, 1);
  progress(options, "scalar, all threads");
  const double scalar_all = rate(false, threads);
  progress(options, "vectorised, all threads");
  const double vector_all = rate(true, threads);

  report.add("scalar reference, 1 thread", scalar1, "sims/s", note);
  report.add("vectorised batch, 1 thread", vector1, "sims/s",
             std::to_string(sim::kHHLanes) + " lanes in lockstep");
  report.add("vector/scalar, 1 thread", vector1 / scalar1, "x");
  report.add("scalar reference, " + std::to_string(threads) + " threads", scalar_all, "sims/s");
  report.add("vectorised batch, " + std::to_string(threads) + " threads", vector_all, "sims/s");
  report.add("vector/scalar, all threads", vector_all / scalar_all, "x");
  report.add("vectorised, ns per step per simulation (1 thread)", 1e9 / (vector1 * steps), "ns",
             std::to_string(static_cast<long>(steps)) + " steps per simulation");
}

}  // namespace

SBI_BENCH_SUITE("hodgkin_huxley",
                "Hodgkin-Huxley on the Allen protocol: scalar loop vs vectorised batch",
                bench_hodgkin_huxley);

}  // namespace sbi::bench
