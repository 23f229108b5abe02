// The simulation-store flags of simulate and train (see store_options.hpp).
#include "cli/store_options.hpp"

#include <cstdio>

#include "core/communicator.hpp"
#include "core/errors.hpp"
#include "simulators/model_tag.hpp"
#include "simulators/simulation_store.hpp"
#include "simulators/store_simulation.hpp"
#include "simulators/training_files.hpp"

namespace sbi::cli {
namespace {

std::string format_seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", seconds);
  return text;
}

}  // namespace

void add_store_options(Args& args) {
  args.option("store", "DIR", "simulation store folder (chunks + manifest.json; docs/simulation_store.md)")
      .option("store-chunk-rows", "K", "with --store: rows per chunk (the unit of writing, of splitting over ranks and of resuming)", "1000")
      .flag("resume", "with --store: continue the store in DIR (same settings), simulating only missing chunks")
      .option("store-stop-after-chunks", "M", "test hook: each rank stops after writing M chunks, without the "
              "final manifest (exit status 3), as a killed run would");
}

void check_store_flags(const Args& args) {
  if (!args.has("store")) {
    for (const char* name : {"store-chunk-rows", "store-stop-after-chunks"})
      if (args.has(name)) throw UsageError(std::string("--") + name + " needs --store");
    if (args.flag_set("resume")) throw UsageError("--resume needs --store");
    return;
  }
  for (const char* name : {"out", "theta", "theta-out", "recording"})
    if (args.has(name)) throw UsageError(std::string("--") + name + " does not go with --store (the store holds θ and x)");
}

std::string simulator_work_base(const Args& args) {
  std::string base = args.has("store") ? args.get("store") : args.get("out");
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  return base;
}

int simulate_into_store(const Args& args, const sim::Task& task, std::uint64_t seed, const Log& log) {
  if (!args.has("num")) throw UsageError("--store needs --num N (θ from the prior)");
  const long long n = args.get_int("num"), k = args.get_int("store-chunk-rows");
  if (n <= 0) throw UsageError("--num must be positive, got " + std::to_string(n));
  if (k <= 0) throw UsageError("--store-chunk-rows must be positive, got " + std::to_string(k));
  sim::StoreRunOptions options;
  options.resume = args.flag_set("resume");
  if (args.has("store-stop-after-chunks")) options.stop_after_chunks = args.get_int("store-stop-after-chunks");
  const Communicator& comm = Communicator::world();
  const std::string dir = args.get("store");
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
    return kStoreStoppedExitCode;
  }
  log.info("simulated " + std::to_string(n) + " x " + std::to_string(report.manifest.x_dim) + " for task '" +
           task.name + "'" +
           (report.nonfinite_rows ? " (" + std::to_string(report.nonfinite_rows) + " rows non-finite)" : std::string()) +
           " -> " + dir);
  return 0;
}

SimulationSet read_store_for_training(const Args& args, sim::Task& task, const Log& log) {
  for (const char* name : {"theta", "x", "sims", "simulator"})
    if (args.has(name)) throw UsageError(std::string("--") + name + " does not go with --store (the store holds θ and x)");
  const sim::SimulationStore store = sim::SimulationStore::open(args.get("store"));
  const std::string tag = store.settings().task;
  if (args.has("task") || args.has("prior")) {
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

}  // namespace sbi::cli
