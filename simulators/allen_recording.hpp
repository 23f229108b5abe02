// Loader for the Allen Cell Types whole-cell current-clamp recordings used by the
// Hodgkin–Huxley task (../shared/data/allen/cell_<specimen>_sweep_<n>.csv).
//
// File layout (checked line by line; every problem is reported as "file:line: ..."):
//   # <free text>; dt_ms=0.02; t_on_ms=205.0; t_off_ms=1204.98; soma_area_cm2=8.3e-05; ...
//   t_ms,v_mV,i_uA
//   0.00,-67.2812,0
//   ...
// The first line is a comment whose ';'-separated "key=value" fields give the sampling step,
// the stimulus on/off times and the soma area. Rows must be three finite numbers with
// t_ms[k] = t_ms[0] + k·dt_ms (to 1e-6 ms).
//
// Model inputs derived from a recording (TASKS.md, Hodgkin–Huxley):
//   current density  I_k = i_uA[k] / soma_area_cm2          (µA/cm²)
//   model voltage    V_k = v_mV[k] + junction_potential_mV  (junction potential -14 mV)
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace sbi::sim {

inline constexpr double kAllenJunctionPotentialMv = -14.0;
// The sampling steps a recording (and a simulation protocol) may have, in ms.
inline constexpr double kMinRecordingDtMs = 1e-4;
inline constexpr double kMaxRecordingDtMs = 100.0;

struct AllenRecording {
  std::string path;         // file it was read from
  std::string description;  // the header's first field, e.g. "Allen Cell Types Database, ..."
  double dt_ms = 0.0;
  double t_on_ms = 0.0;
  double t_off_ms = 0.0;
  double soma_area_cm2 = 0.0;
  std::vector<double> t_ms;
  std::vector<double> v_mV;  // as recorded: no junction-potential correction
  std::vector<double> i_uA;  // injected current

  std::size_t size() const { return t_ms.size(); }
  // i_uA / soma_area_cm2 (µA/cm²), the model's input current.
  std::vector<double> current_density() const;
  // v_mV + junction potential (-14 mV): the voltage the model is compared with.
  std::vector<double> corrected_voltage() const;
};

// Reads and checks one recording; throws IOError "file:line: problem" when malformed.
AllenRecording load_allen_recording(const std::filesystem::path& path);

// The *.csv files of a directory laid out like ../shared/data/allen, sorted by name.
// Throws NotFoundError when the directory does not exist.
std::vector<std::filesystem::path> list_allen_recordings(const std::filesystem::path& dir);

}  // namespace sbi::sim
