// Filling a simulation store (datasets/simulation_store.hpp) over the job's ranks.
//
// Chunk k holds rows [kK, kK + K): θ = prior.sample(rows, derive_seed(seed, 1), offset kK) and
// x = simulator.simulate(θ, derive_seed(seed, 2), offset kK), so row i draws only from its own
// streams Rng(., i) and a chunk is the same whichever rank or thread computes it.
// Procedure (every step ends with the ranks agreeing on errors, so one failing rank stops all):
//   1. rank 0 creates the store (or, resuming, opens it, refuses other settings naming the field,
//      and removes temporary files of an interrupted write); the others then open it;
//   2. the chunks already present are re-read and verified (CRC, shape), split over the ranks;
//   3. the missing chunks are split over the ranks by rows_of_rank (contiguous blocks of the
//      ascending list); each rank simulates and writes its own chunks, one at a time;
//   4. after a barrier rank 0 writes the final manifest (rows done, rows with non-finite x).
// So the finished store is byte-identical for any number of ranks (with or without MPI), any
// thread count, and after any number of interruptions and resumes.
// Failed simulations (NaN rows; an external simulator's failed batches) are kept as NaN rows
// and counted per chunk, as `sbi simulate` counts them; an external simulator's
// max_failed_fraction applies to each chunk (one simulate call per chunk).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/communicator.hpp"
#include "datasets/simulation_store.hpp"
#include "simulators/task.hpp"

namespace sbi::sim {

// The settings of a store of `rows` simulations of `task` with `seed` (the simulator is "task"
// for the task's own, "external: <command>" for an ExternalSimulator).
StoreSettings store_settings_for(const Task& task, std::uint64_t seed, Index rows, Index rows_per_chunk);

// Chunk k of a store with these settings, simulated in this process (all threads).
StoreChunk simulate_store_chunk(const Task& task, const StoreSettings& settings, Index k);

struct StoreRunSettings {
  bool resume = false;  // continue an existing store (false: the folder must hold no store)
  // Test hook (`--store-stop-after-chunks`): each rank simulates at most this many chunks and
  // the run then ends without the final manifest, as a killed run would. Negative: no limit.
  Index stop_after_chunks = -1;
  // Called on each rank after each chunk it wrote: (chunks written by this rank, its share).
  std::function<void(Index done, Index share)> progress;
};

struct StoreRunReport {
  Index chunks_verified = 0;   // present before this run, re-read and verified (all ranks)
  Index chunks_simulated = 0;  // written by this run (all ranks)
  Index nonfinite_rows = 0;    // rows of the whole store with non-finite x
  bool interrupted = false;    // stopped by stop_after_chunks (no final manifest)
  // CPU seconds (std::clock: all of the process's threads) each rank spent verifying and
  // simulating its chunks, in rank order: a load-independent measure of balance and overhead.
  std::vector<double> rank_cpu_seconds;
  StoreManifest manifest;      // the final manifest (as written by rank 0)
};

// Creates or resumes the store in `dir` and fills it (see above). Call on every rank.
StoreRunReport simulate_to_store(const Task& task, const std::string& dir, const StoreSettings& settings,
                                 const Communicator& comm, const StoreRunSettings& options = {});

}  // namespace sbi::sim
