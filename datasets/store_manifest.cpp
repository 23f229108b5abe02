// Reading, writing and comparing a simulation store's manifest.json (see the header).
#include "datasets/store_manifest.hpp"

#include <fstream>

#include <nlohmann/json.hpp>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/input_file.hpp"

namespace sbi::sim {
namespace {

using nlohmann::json;

json settings_json(const StoreSettings& s) {
  return json{{"task", s.task},     {"prior", s.prior},
              {"simulator", s.simulator}, {"seed", s.seed},
              {"rows_per_chunk", s.rows_per_chunk}, {"total_rows", s.total_rows},
              {"theta_dim", s.theta_dim}};
}

// The field `key` of object `j`, of JSON type T; ValueError naming the file and field otherwise.
template <class T>
T field(const json& j, const char* key, const std::string& path) {
  const auto it = j.find(key);
  if (it == j.end()) throw ValueError(path + ": missing field \"" + key + "\"");
  try {
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      if (!it->is_number_integer()) throw ValueError("");
      if constexpr (std::is_unsigned_v<T>) {
        if (!it->is_number_unsigned()) throw ValueError("");
      } else {
        if (it->get<long long>() < 0) throw ValueError("");
      }
    }
    return it->get<T>();
  } catch (const std::exception&) {
    throw ValueError(path + ": field \"" + key + "\" has the wrong type or a negative value: " +
                     excerpt(it->dump(), 80));
  }
}

StoreSettings settings_from_json(const json& j, const std::string& path) {
  if (!j.is_object()) throw ValueError(path + ": \"settings\" must be an object");
  StoreSettings s;
  s.task = field<std::string>(j, "task", path);
  s.prior = field<std::string>(j, "prior", path);
  s.simulator = field<std::string>(j, "simulator", path);
  s.seed = field<std::uint64_t>(j, "seed", path);
  s.rows_per_chunk = field<Index>(j, "rows_per_chunk", path);
  s.total_rows = field<Index>(j, "total_rows", path);
  s.theta_dim = field<Index>(j, "theta_dim", path);
  return s;
}

}  // namespace

void validate_store_settings(const StoreSettings& s) {
  if (s.rows_per_chunk < 1)
    throw ValueError("simulation store: rows per chunk must be at least 1, got " + std::to_string(s.rows_per_chunk));
  if (s.total_rows < 1)
    throw ValueError("simulation store: total rows must be at least 1, got " + std::to_string(s.total_rows));
  if (s.theta_dim < 1)
    throw ValueError("simulation store: θ dimension must be at least 1, got " + std::to_string(s.theta_dim));
}

void write_store_manifest(const std::string& path, const StoreManifest& m) {
  const json j{{"format", "sbi-simulation-store"},
               {"version", kStoreFormatVersion},
               {"settings", settings_json(m.settings)},
               {"theta_dim", m.settings.theta_dim},
               {"x_dim", m.x_dim},
               {"parameter_names", m.parameter_names},
               {"data_names", m.data_names},
               {"chunks", m.settings.chunk_count()},
               {"chunks_done", m.chunks_done},
               {"rows_done", m.rows_done},
               {"nonfinite_rows", m.nonfinite_rows},
               {"complete", m.complete}};
  const std::string text = j.dump(2) + "\n";
  write_file_atomically(path, [&](std::ostream& out) { out << text; });
}

StoreManifest read_store_manifest(const std::string& path) {
  std::ifstream in = open_input_file(path, "simulation store manifest");
  json j;
  try {
    j = json::parse(in);
  } catch (const json::exception& e) {
    throw ValueError(path + ": not valid JSON (" + e.what() + ")");
  }
  if (!j.is_object() || j.value("format", std::string()) != "sbi-simulation-store")
    throw ValueError(path + ": not a simulation store manifest (no \"format\": \"sbi-simulation-store\")");
  const int version = field<int>(j, "version", path);
  if (version != kStoreFormatVersion)
    throw ValueError(path + ": store format version " + std::to_string(version) + ", this program reads version " +
                     std::to_string(kStoreFormatVersion));
  StoreManifest m;
  m.settings = settings_from_json(j.contains("settings") ? j["settings"] : json(), path);
  validate_store_settings(m.settings);
  m.x_dim = field<Index>(j, "x_dim", path);
  m.parameter_names = field<std::vector<std::string>>(j, "parameter_names", path);
  m.data_names = field<std::vector<std::string>>(j, "data_names", path);
  m.chunks_done = field<Index>(j, "chunks_done", path);
  m.rows_done = field<Index>(j, "rows_done", path);
  m.nonfinite_rows = field<Index>(j, "nonfinite_rows", path);
  m.complete = field<bool>(j, "complete", path);
  if (static_cast<Index>(m.parameter_names.size()) != m.settings.theta_dim)
    throw ValueError(path + ": " + std::to_string(m.parameter_names.size()) + " parameter names for θ dimension " +
                     std::to_string(m.settings.theta_dim));
  if (m.rows_done > m.settings.total_rows || m.chunks_done > m.settings.chunk_count())
    throw ValueError(path + ": rows_done/chunks_done exceed the store's size");
  return m;
}

void require_same_settings(const std::string& path, const StoreSettings& stored, const StoreSettings& wanted) {
  const json a = settings_json(stored), b = settings_json(wanted);
  for (const auto& [key, value] : a.items()) {
    if (value == b[key]) continue;
    throw ValueError(path + ": the store was made with " + key + " = " + excerpt(value.dump(), 200) +
                     ", this run has " + excerpt(b[key].dump(), 200) + " (a resumed run must use the same settings)");
  }
}

}  // namespace sbi::sim
