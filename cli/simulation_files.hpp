// A job's simulation set on disk: θ and x as two CSV files in a folder
// (simulations_theta.csv, simulations_x.csv, full %.17g precision), so that an expensive set
// (100k Hodgkin–Huxley simulations take ~35 min on one core) is computed once and reused:
// `sbi run ... --save-simulations` writes them into the run folder, `--simulations DIR` reads
// them back instead of simulating. Reading checks what a later training would silently get
// wrong: the task's column names and widths, equal row counts, that θ lies in the prior's
// support, and that there are at least as many rows as asked for (the first n are used).
// x may hold NaN/inf (simulators report failed statistics that way; jobs drop such rows).
#pragma once
#include <string>

#include "cli/job.hpp"
#include "simulators/task.hpp"

namespace sbi::cli {

inline constexpr const char* kSimulationsThetaFile = "simulations_theta.csv";
inline constexpr const char* kSimulationsXFile = "simulations_x.csv";

// Writes dir/simulations_theta.csv and dir/simulations_x.csv (the folder must exist).
void save_simulations(const std::string& dir, const sim::Task& task, const SimulationSet& sims);

// Reads the first n rows of a saved set; IOError / ValueError naming the file and the problem.
SimulationSet load_simulations(const std::string& dir, const sim::Task& task, Index n);

}  // namespace sbi::cli
