// The simulation store as jobs (see store_jobs.hpp).
#include "pipelines/store_jobs.hpp"

#include <cstdio>

#include "core/communicator.hpp"
#include "core/errors.hpp"
#include "simulators/model_tag.hpp"
#include "datasets/simulation_store.hpp"
#include "datasets/store_simulation.hpp"
#include "datasets/training_files.hpp"

namespace sbi::pipelines {
namespace {

std::string format_seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", seconds);
  return text;
}

}  // namespace

bool simulate_into_store(const StoreJobSettings& s, const sim::Task& task, std::uint64_t seed, const Log& log) {
  const Index n = s.rows, k = s.chunk_rows;
  if (n <= 0) throw SettingsError("--num must be positive, got " + std::to_string(n));
  if (k <= 0) throw SettingsError("--store-chunk-rows must be positive, got " + std::to_string(k));
  sim::StoreRunSettings options;
  options.resume = s.resume;
  if (s.stop_after_chunks) options.stop_after_chunks = *s.stop_after_chunks;
  const Communicator& comm = Communicator::world();
  const std::string& dir = s.dir;
  ProgressBar bar(log, comm.is_distributed() ? "chunks of rank 0" : "chunks", 0);
  options.progress = bar.step_callback();  // (chunks written, this rank's share)
  const sim::StoreSettings settings = sim::store_settings_for(task, seed, n, k);
  Stage stage(log, "simulating " + std::to_string(n) + " " + task.name + " into store " + dir + " (" +
                       std::to_string(settings.chunk_count()) + " chunks, " + std::to_string(comm.size()) + " rank" +
                       (comm.size() > 1 ? "s)" : ")"));
  const sim::StoreRunReport report = sim::simulate_to_store(task, dir, settings, comm, options);
  bar.finish();
  stage.finish();
  log.info("store " + dir + ": " + std::to_string(report.chunks_verified) + " chunks verified, " +
           std::to_string(report.chunks_simulated) + " simulated");
  std::string cpu;
  for (double seconds : report.rank_cpu_seconds) cpu += (cpu.empty() ? "" : " ") + format_seconds(seconds);
  log.info("CPU seconds verifying and simulating, by rank: " + cpu);
  if (report.interrupted) {
    log.info("stopped early (--store-stop-after-chunks); continue with --resume");
    return false;
  }
  log.info("simulated " + std::to_string(n) + " x " + std::to_string(report.manifest.x_dim) + " for task '" +
           task.name + "'" +
           (report.nonfinite_rows ? " (" + std::to_string(report.nonfinite_rows) + " rows non-finite)" : std::string()) +
           " -> " + dir);
  return true;
}

SimulationSet read_store_for_training(const std::string& dir, sim::Task& task, bool task_given, const Log& log) {
  const sim::SimulationStore store = sim::SimulationStore::open(dir);
  const std::string tag = store.settings().task;
  if (task_given) {
    if (sim::model_tag(task) != tag)
      throw ValueError(store.manifest_path() + ": the store holds simulations of " + excerpt(tag, 120) +
                       ", not of " + excerpt(sim::model_tag(task), 120));
  } else {
    task = sim::task_from_model_tag(tag);
  }
  if (!store.manifest().complete)
    throw ValueError(store.manifest_path() + ": the store is not complete (" + std::to_string(store.missing_chunks().size()) +
                     " of " + std::to_string(store.chunk_count()) + " chunks missing); finish it with `sbi simulate --store " +
                     store.dir() + " --resume` and the same settings");
  sim::StoreData data = store.load_all();
  task = sim::with_data_names(std::move(task), store.manifest().data_names);
  log.info("read " + std::to_string(data.theta.rows()) + " simulations from store " + store.dir() + " (" +
           std::to_string(store.chunk_count()) + " chunks, " + std::to_string(data.nonfinite_rows) +
           " rows with non-finite x)");
  SimulationSet set;
  set.theta = std::move(data.theta);
  set.x = std::move(data.x);
  return set;
}

}  // namespace sbi::pipelines
