// The simulation-store flags of simulate and train (see store_options.hpp).
#include "cli/store_options.hpp"

#include "core/errors.hpp"
#include "pipelines/store_jobs.hpp"

namespace sbi::cli {

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
  StoreJobSettings s;
  s.dir = args.get("store");
  s.rows = args.get_int("num");
  s.chunk_rows = args.get_int("store-chunk-rows");
  s.resume = args.flag_set("resume");
  if (args.has("store-stop-after-chunks")) s.stop_after_chunks = args.get_int("store-stop-after-chunks");
  return pipelines::simulate_into_store(s, task, seed, log) ? 0 : kStoreStoppedExitCode;
}

SimulationSet read_store_for_training(const Args& args, sim::Task& task, const Log& log) {
  for (const char* name : {"theta", "x", "sims", "simulator"})
    if (args.has(name)) throw UsageError(std::string("--") + name + " does not go with --store (the store holds θ and x)");
  return pipelines::read_store_for_training(args.get("store"), task, args.has("task") || args.has("prior"), log);
}

}  // namespace sbi::cli
