// The simulation-store flags (simulators/simulation_store.hpp): `sbi simulate --store DIR
// [--store-chunk-rows K] [--resume]` fills a store over the job's ranks, `sbi train --store DIR`
// trains on one. --store-stop-after-chunks M is a test hook (each rank stops after M chunks
// without the final manifest, exit status 3, as a killed run would leave the store).
// Only flag parsing lives here; the store and its jobs are the library's (pipelines/store_jobs.hpp).
#pragma once
#include <cstdint>
#include <string>

#include "cli/args.hpp"
#include "cli/common_options.hpp"
#include "simulators/task.hpp"

namespace sbi::cli {

// Exit status of a run stopped by --store-stop-after-chunks.
inline constexpr int kStoreStoppedExitCode = 3;

void add_store_options(Args& args);
// UsageError for store flags without --store, and for the flags --store replaces (--out,
// --theta, --theta-out, --recording).
void check_store_flags(const Args& args);
// Where an external simulator keeps its batches for this run: beside --store DIR or --out FILE.
std::string simulator_work_base(const Args& args);

// `sbi simulate --store` (pipelines/store_jobs.hpp): fills the store on every rank; rank 0 logs.
// Returns the exit status (kStoreStoppedExitCode when stopped by the test hook).
int simulate_into_store(const Args& args, const sim::Task& task, std::uint64_t seed, const Log& log);

// `sbi train --store DIR` (pipelines/store_jobs.hpp): the store's rows; the task is the store's
// own, and a --task or --prior given too must be the same problem.
SimulationSet read_store_for_training(const Args& args, sim::Task& task, const Log& log);

}  // namespace sbi::cli
