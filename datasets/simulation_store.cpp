// The simulation store's folder: chunk paths, listing, reading and writing (see the header).
#include "datasets/simulation_store.hpp"

#include <algorithm>
#include <filesystem>

#include "core/errors.hpp"

namespace sbi::sim {
namespace fs = std::filesystem;

namespace {

std::string in_dir(const std::string& dir, const std::string& name) { return (fs::path(dir) / name).string(); }

}  // namespace

SimulationStore SimulationStore::create(const std::string& dir, const StoreManifest& manifest) {
  validate_store_settings(manifest.settings);
  if (fs::exists(dir) && !fs::is_directory(dir))
    throw IOError("simulation store '" + dir + "' is not a folder");
  fs::create_directories(dir);
  SimulationStore store(dir, manifest);
  if (fs::exists(store.manifest_path()))
    throw IOError("'" + dir + "' already holds a simulation store (" + std::string(kStoreManifestFile) +
                  "); continue it with --resume, or choose another folder");
  for (const auto& entry : fs::directory_iterator(dir))
    if (store_chunk_index(entry.path().filename().string()) >= 0)
      throw IOError("'" + dir + "' holds chunk files (" + entry.path().filename().string() +
                    ") but no manifest; choose an empty folder");
  write_store_manifest(store.manifest_path(), manifest);
  return store;
}

SimulationStore SimulationStore::open(const std::string& dir) {
  const std::string path = in_dir(dir, kStoreManifestFile);
  if (!fs::is_regular_file(path))
    throw IOError("'" + dir + "' is not a simulation store: no " + kStoreManifestFile +
                  " (`sbi simulate --store DIR` writes one)");
  return SimulationStore(dir, read_store_manifest(path));
}

std::string SimulationStore::manifest_path() const { return in_dir(dir_, kStoreManifestFile); }

Index SimulationStore::chunk_first_row(Index k) const {
  if (k < 0 || k >= chunk_count())
    throw ValueError("simulation store '" + dir_ + "': chunk " + std::to_string(k) + " is outside 0.." +
                     std::to_string(chunk_count() - 1));
  return k * settings().rows_per_chunk;
}

Index SimulationStore::chunk_rows(Index k) const {
  const Index first = chunk_first_row(k);
  return std::min(settings().rows_per_chunk, total_rows() - first);
}

std::string SimulationStore::chunk_path(Index k) const { return in_dir(dir_, store_chunk_name(k)); }

bool SimulationStore::has_chunk(Index k) const { return fs::is_regular_file(chunk_path(k)); }

std::vector<Index> SimulationStore::present_chunks() const {
  std::vector<Index> present;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    const Index k = store_chunk_index(entry.path().filename().string());
    if (k < 0) continue;
    if (k >= chunk_count())
      throw IOError("'" + entry.path().string() + "': chunk index beyond the store's " +
                    std::to_string(chunk_count()) + " chunks (" + kStoreManifestFile + ")");
    present.push_back(k);
  }
  std::sort(present.begin(), present.end());
  return present;
}

std::vector<Index> chunks_missing_from(const std::vector<Index>& present, Index count) {
  std::vector<Index> missing;
  for (Index k = 0, p = 0; k < count; ++k) {
    if (p < static_cast<Index>(present.size()) && present[static_cast<std::size_t>(p)] == k) ++p;
    else missing.push_back(k);
  }
  return missing;
}

std::vector<Index> SimulationStore::missing_chunks() const { return chunks_missing_from(present_chunks(), chunk_count()); }

StoreChunk SimulationStore::read_chunk(Index k) const {
  ChunkExpectation want{k, chunk_first_row(k), chunk_rows(k), settings().theta_dim, manifest_.x_dim};
  return read_store_chunk(chunk_path(k), want);
}

void SimulationStore::require_complete() const {
  const std::vector<Index> missing = missing_chunks();
  if (!missing.empty())
    throw IOError("simulation store '" + dir_ + "' is incomplete: " + std::to_string(missing.size()) + " of " +
                  std::to_string(chunk_count()) + " chunks missing, first " + store_chunk_name(missing.front()) +
                  " (finish it with `sbi simulate --store " + dir_ + " --resume` and the same settings)");
}

void SimulationStore::for_each_chunk(const std::function<void(const StoreChunk&)>& visit) const {
  require_complete();
  for (Index k = 0; k < chunk_count(); ++k) visit(read_chunk(k));
}

StoreData SimulationStore::load_all() const {
  require_complete();
  StoreData data;
  data.theta.resize(total_rows(), settings().theta_dim);
  Index x_dim = manifest_.x_dim;
  for_each_chunk([&](const StoreChunk& chunk) {
    if (data.x.size() == 0) {
      x_dim = chunk.x.cols();
      data.x.resize(total_rows(), x_dim);
    }
    if (chunk.x.cols() != x_dim)
      throw IOError("'" + chunk_path(chunk.index) + "': x has " + std::to_string(chunk.x.cols()) +
                    " columns, earlier chunks " + std::to_string(x_dim));
    data.theta.middleRows(chunk.first_row, chunk.rows()) = chunk.theta;
    data.x.middleRows(chunk.first_row, chunk.rows()) = chunk.x;
    data.nonfinite_rows += chunk.nonfinite_rows;
  });
  return data;
}

void SimulationStore::write_chunk(const StoreChunk& chunk) const {
  if (chunk.first_row != chunk_first_row(chunk.index) || chunk.rows() != chunk_rows(chunk.index) ||
      chunk.theta.cols() != settings().theta_dim)
    throw ValueError("simulation store '" + dir_ + "': chunk " + std::to_string(chunk.index) +
                     " must hold rows " + std::to_string(chunk_first_row(chunk.index)) + ".." +
                     std::to_string(chunk_first_row(chunk.index) + chunk_rows(chunk.index) - 1) + " of θ width " +
                     std::to_string(settings().theta_dim));
  write_store_chunk(chunk_path(chunk.index), chunk);
}

void SimulationStore::update_manifest(const StoreManifest& manifest) {
  if (!(manifest.settings == manifest_.settings))
    throw ValueError("simulation store '" + dir_ + "': a manifest update must keep the settings");
  write_store_manifest(manifest_path(), manifest);
  manifest_ = manifest;
}

void SimulationStore::remove_temporary_files() const {
  for (const auto& entry : fs::directory_iterator(dir_)) {
    const std::string name = entry.path().filename().string();
    const bool ours = name.rfind("chunk-", 0) == 0 || name.rfind(kStoreManifestFile, 0) == 0;
    if (ours && name.find(".tmp.") != std::string::npos && entry.is_regular_file()) fs::remove(entry.path());
  }
}

}  // namespace sbi::sim
