// The manifest of a simulation store (datasets/simulation_store.hpp): manifest.json in the
// store's folder. It holds the settings that fix every row — the problem (the model tag of
// simulators/model_tag.hpp: a task name or a prior file's canonical JSON), the prior's
// description, the simulator (the built-in one of the task, or an external command), the seed,
// the rows per chunk and the total rows — and the state written after the last finished run:
// θ/x widths and names, chunks and rows done, rows with non-finite x, and `complete`.
// Nothing in it depends on the number of ranks, threads, the time or the machine, so a finished
// store's manifest is byte-identical however it was made (one run, several ranks, resumed).
//
// Format: JSON object {"format": "sbi-simulation-store", "version": 1, "settings": {...},
// "theta_dim", "x_dim", "parameter_names", "data_names", "chunks", "chunks_done", "rows_done",
// "nonfinite_rows", "complete"}; written atomically (core/atomic_file.hpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/tensor.hpp"

namespace sbi::sim {

inline constexpr const char* kStoreManifestFile = "manifest.json";
inline constexpr int kStoreFormatVersion = 1;

// What fixes the store's rows: two stores with equal settings hold identical chunks.
struct StoreSettings {
  std::string task;       // model tag: task name, or "prior:" + the prior file's JSON
  std::string prior;      // the prior's description (Prior::describe)
  std::string simulator;  // "task" (the task's own) or "external: <command>"
  std::uint64_t seed = 0;
  Index rows_per_chunk = 0;
  Index total_rows = 0;
  Index theta_dim = 0;

  Index chunk_count() const { return rows_per_chunk > 0 ? (total_rows + rows_per_chunk - 1) / rows_per_chunk : 0; }
  bool operator==(const StoreSettings&) const = default;
};

struct StoreManifest {
  StoreSettings settings;
  Index x_dim = 0;  // 0 while unknown (an external simulator's width is learnt from its output)
  std::vector<std::string> parameter_names, data_names;
  Index chunks_done = 0, rows_done = 0, nonfinite_rows = 0;
  bool complete = false;
};

// ValueError unless settings are usable (rows per chunk ≥ 1, total rows ≥ 1, θ width ≥ 1).
void validate_store_settings(const StoreSettings& settings);

void write_store_manifest(const std::string& path, const StoreManifest& manifest);
// IOError if unreadable; ValueError naming the file and the field when malformed or of another
// format version.
StoreManifest read_store_manifest(const std::string& path);

// ValueError "<path>: the store was made with <field> = <stored>, this run has <wanted>" for
// the first setting that differs (a resumed run must continue the same store).
void require_same_settings(const std::string& path, const StoreSettings& stored, const StoreSettings& wanted);

}  // namespace sbi::sim
