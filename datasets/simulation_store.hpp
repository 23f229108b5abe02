// A simulation store: a folder holding a large simulation set as fixed-size chunks plus a
// manifest, written by `sbi simulate --store DIR` (datasets/store_simulation.hpp) and read by
// `sbi train --store DIR` and by any library user, chunk by chunk:
//
//   DIR/manifest.json       settings and state (datasets/store_manifest.hpp)
//   DIR/chunk-000000.bin    rows [0, K)        (datasets/store_chunk.hpp: θ, x, CRC-32)
//   DIR/chunk-000001.bin    rows [K, 2K) ...   the last chunk holds the remaining rows
//
// Row i of the store is θ_i = prior row i of seed derive_seed(seed, 1) (stream Rng(., i)) and
// x_i = the simulator's row i of seed derive_seed(seed, 2), exactly the rows `sbi simulate
// --num N --seed S` writes, so the store's content depends on nothing but its settings.
// Every file is written atomically: an interrupted run leaves only whole chunks (and perhaps a
// temporary file, removed on resume).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "datasets/store_chunk.hpp"
#include "datasets/store_manifest.hpp"

namespace sbi::sim {

// A whole store in memory (small stores; large ones are read with for_each_chunk).
struct StoreData {
  MatrixD theta, x;
  Index nonfinite_rows = 0;
};

// The chunk indices 0..count-1 not in `present` (ascending list), ascending.
std::vector<Index> chunks_missing_from(const std::vector<Index>& present, Index count);

class SimulationStore {
 public:
  // Makes `dir` (and missing parents) and writes the manifest of a new store without chunks.
  // IOError when `dir` is a file, or already holds a manifest or any chunk.
  static SimulationStore create(const std::string& dir, const StoreManifest& manifest);
  // Opens an existing store (reads and checks its manifest; IOError if there is none).
  static SimulationStore open(const std::string& dir);

  const std::string& dir() const { return dir_; }
  const StoreManifest& manifest() const { return manifest_; }
  const StoreSettings& settings() const { return manifest_.settings; }
  std::string manifest_path() const;

  Index chunk_count() const { return manifest_.settings.chunk_count(); }
  Index total_rows() const { return manifest_.settings.total_rows; }
  Index chunk_first_row(Index k) const;
  Index chunk_rows(Index k) const;
  std::string chunk_path(Index k) const;
  bool has_chunk(Index k) const;
  // Indices of the chunks whose file is absent, ascending.
  std::vector<Index> missing_chunks() const;
  // Indices of the chunk files present, ascending (files with chunk names beyond the store's
  // chunk count are an IOError naming them).
  std::vector<Index> present_chunks() const;

  // Reads and verifies chunk k (CRC, index, rows, widths); IOError naming the file if it is
  // absent or damaged.
  StoreChunk read_chunk(Index k) const;
  // Calls visit(chunk) for chunks 0, 1, ... in order, holding one chunk in memory at a time.
  // Requires a complete store (IOError naming the first missing chunk and how to resume).
  void for_each_chunk(const std::function<void(const StoreChunk&)>& visit) const;
  // All rows in memory, in order (θ and x preallocated from the manifest: memory = the store
  // plus one chunk).
  StoreData load_all() const;

  // Writes chunk k atomically (ValueError if its index, first row, rows or θ width are not the
  // store's chunk k).
  void write_chunk(const StoreChunk& chunk) const;
  // Replaces the manifest (atomically) and this object's copy; the settings must be unchanged.
  void update_manifest(const StoreManifest& manifest);
  // Removes temporary files an interrupted atomic write left in the folder ("*.tmp.<pid>").
  void remove_temporary_files() const;

 private:
  SimulationStore(std::string dir, StoreManifest manifest) : dir_(std::move(dir)), manifest_(std::move(manifest)) {}
  void require_complete() const;
  std::string dir_;
  StoreManifest manifest_;
};

}  // namespace sbi::sim
