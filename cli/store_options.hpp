// The simulation-store flags (datasets/simulation_store.hpp), declared and read from the
// store's field table (pipelines/store_fields.hpp): `sbi simulate --store DIR
// [--store-chunk-rows K] [--resume]` fills a store over the job's ranks, `sbi train --store DIR`
// trains on one. --store-stop-after-chunks N is a test hook (each rank stops after N chunks
// without the final manifest, exit status 3, as a killed run would leave the store).
#pragma once
#include <string>

#include "cli/args.hpp"
#include "pipelines/store_jobs.hpp"

namespace sbi::cli {

// Exit status of a run stopped by --store-stop-after-chunks.
inline constexpr int kStoreStoppedExitCode = 3;

void add_store_options(Args& args);
// UsageError for store flags without --store, and for the flags --store replaces (--out,
// --theta, --theta-out, --recording).
void check_store_flags(const Args& args);
// Where an external simulator keeps its batches for this run: beside --store DIR or --out FILE.
std::string simulator_work_base(const Args& args);
// The store's settings from its flags, rows from --num (UsageError without it).
pipelines::StoreJobSettings store_settings(const Args& args);

}  // namespace sbi::cli
