// The observations the benchmarks score against, shared by every method's table:
//   reference_dir DIR     sbibm layout: observation k, its true θ* and reference draws
//   otherwise             the engine's own: θ* ~ p(θ) with seed derive(seed, 1000 + k),
//                         x_o ~ p(x | θ*) with seed derive(seed, 2000 + k), and the reference
//                         posterior (seed derive(seed, 3000 + k)) where the task has one.
// A task without a reference sampler or a likelihood (e.g. hodgkin_huxley) still gets its
// observations and θ*: it is scored by NLTP = −log q(θ* | x_o) and by posterior-predictive
// distances, and its C2ST / MMD stay NaN.
#pragma once
#include <string>
#include <vector>

#include "pipelines/benchmark_settings.hpp"
#include "pipelines/progress.hpp"
#include "core/tensor.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

struct BenchmarkObservation {
  int number = 0;
  RowVectorD x_o, theta_true;  // theta_true empty when unknown
  MatrixD reference;           // no rows when the task has no reference posterior
};

// The engine's own observation k: θ* ~ p(θ) and x_o ~ p(x | θ*) with the seeds above.
// ValueError when x_o is not finite.
struct EngineObservation {
  RowVectorD theta_true, x_o;
};
EngineObservation engine_observation(const sim::Task& task, int number, std::uint64_t seed);

// "1-10" or "1,4,7" → {1, ..., 10} / {1, 4, 7}; SettingsError on anything else.
std::vector<int> parse_observations(const std::string& text);

// settings.num_samples reference draws for each of settings.observations (see above), saved to
// settings.save_samples when given.
std::vector<BenchmarkObservation> benchmark_observations(const BenchmarkSettings& settings, const Log& log,
                                                         const sim::Task& task);

// `sbi reference`: n draws of the task's reference posterior for the one observation row of a
// CSV file (ShapeError naming the file otherwise); a task without an exact sampler runs long
// likelihood MCMC, announced in the log and shown with a progress bar.
MatrixD reference_samples(const sim::Task& task, const std::string& observation_file, Index n, std::uint64_t seed,
                          const Log& log);

}  // namespace sbi::pipelines
