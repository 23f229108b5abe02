// A job's simulation set on disk: θ and x as two CSV files in a folder
// (simulations_theta.csv, simulations_x.csv, full %.17g precision) and simulations.json (the
// task, the number of rows, the seconds simulating them took, and a `context`: whatever else fixes the simulator, e.g. the
// Hodgkin–Huxley stimulus protocol), so that an expensive set
// (100k Hodgkin–Huxley simulations take ~35 min on one core) is computed once and reused:
// `sbi fit-recordings ... --save-simulations` writes them into the run folder, `--simulations DIR` reads
// them back instead of simulating. Reading checks what a later training would silently get
// wrong: the same task and context (a set simulated under another stimulus is refused), the
// task's column names and widths, equal row counts, that θ lies in the prior's support, and
// that there are at least as many rows as asked for (the first n are used).
// x may hold NaN/inf (simulators report failed statistics that way; jobs drop such rows).
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "datasets/simulation_set.hpp"
#include "simulators/task.hpp"

namespace sbi::sim {

inline constexpr const char* kSimulationsThetaFile = "simulations_theta.csv";
inline constexpr const char* kSimulationsXFile = "simulations_x.csv";
inline constexpr const char* kSimulationsInfoFile = "simulations.json";

// Writes the three files into dir (the folder must exist).
void save_simulations(const std::string& dir, const Task& task, const SimulationSet& sims,
                      const nlohmann::json& context = {});

// Reads the first n rows of a saved set whose task and context equal these; IOError /
// ValueError naming the file and the problem. The set's seconds_saved is the saved simulation
// time scaled to n rows (0 when the file predates it); its seconds is 0.
SimulationSet load_simulations(const std::string& dir, const Task& task, Index n,
                               const nlohmann::json& context = {});

// θ rows to simulate (`sbi simulate --theta`): .npy or CSV, the task's width, finite.
MatrixD read_simulation_parameters(const std::string& path, const Task& task);

}  // namespace sbi::sim
