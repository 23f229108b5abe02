// The simulation store as jobs (datasets/simulation_store.hpp): filling a store over the job's
// ranks with progress and a per-rank CPU report, and reading one as a training set. `sbi simulate
// --store` and `sbi train --store` are these calls.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "pipelines/job.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

struct StoreJobSettings {
  std::string dir;                        // the store folder
  Index rows = 0;                         // θ from the prior, rows [0, rows)
  Index chunk_rows = 1000;                // rows per chunk
  bool resume = false;                    // continue an existing store with the same settings
  std::optional<Index> stop_after_chunks; // test hook: each rank stops after this many chunks
};

// Fills the store on every rank (rank 0 logs). Returns false when stopped early by
// stop_after_chunks (the store is then left as a killed run would leave it). SettingsError for
// rows or chunk_rows below 1.
bool simulate_into_store(const StoreJobSettings& settings, const sim::Task& task, std::uint64_t seed, const Log& log);

// The rows of a complete store, read chunk by chunk into one set (memory: the set plus one chunk).
// With task_given, `task` must be the store's problem (same model tag); otherwise `task` becomes
// the store's own. Either way it gets the store's x names. ValueError for an incomplete store.
SimulationSet read_store_for_training(const std::string& dir, sim::Task& task, bool task_given, const Log& log);

}  // namespace sbi::pipelines
