// Saving and reloading a simulation set (see the header).
#include "datasets/saved_simulations.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/array_file.hpp"
#include "core/atomic_file.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/input_file.hpp"
#include "simulators/prior.hpp"

namespace sbi::sim {
namespace {

std::string join_path(const std::string& dir, const char* file) {
  return (std::filesystem::path(dir) / file).string();
}

// The file's header must be the task's names, in order.
void check_header(const std::string& path, const std::vector<std::string>& header,
                  const std::vector<std::string>& expected, const std::string& task) {
  if (header == expected) return;
  std::string want, got;
  for (const auto& n : expected) want += (want.empty() ? "" : ",") + n;
  for (const auto& n : header) got += (got.empty() ? "" : ",") + n;
  throw ValueError(path + ": columns '" + got + "' are not the " + task + " task's '" + want + "'");
}

}  // namespace

void save_simulations(const std::string& dir, const Task& task, const SimulationSet& sims,
                      const nlohmann::json& context) {
  require_shape("save_simulations: theta", sims.theta, -1, task.theta_dim());
  require_shape("save_simulations: x", sims.x, sims.theta.rows(), task.x_dim());
  write_csv(join_path(dir, kSimulationsThetaFile), sims.theta, task.parameter_names);
  write_csv(join_path(dir, kSimulationsXFile), sims.x, task.data_names);
  const std::string info_path = join_path(dir, kSimulationsInfoFile);
  check_output_path(info_path);
  // The wall time of simulating the set travels with it, so a job that reads it back can still
  // report the cost of its simulations (a set read back and saved again keeps the original time).
  const double seconds = sims.seconds > 0 ? sims.seconds : sims.seconds_saved;
  const std::string text =
      nlohmann::json{{"task", task.name}, {"rows", sims.theta.rows()}, {"seconds", seconds}, {"context", context}}
          .dump(2) + "\n";
  write_file_atomically(info_path, [&](std::ostream& info) { info << text; });
}

SimulationSet load_simulations(const std::string& dir, const Task& task, Index n,
                               const nlohmann::json& context) {
  const std::string info_path = join_path(dir, kSimulationsInfoFile);
  if (!std::filesystem::is_regular_file(info_path))
    throw IOError("cannot open '" + info_path + "' (a folder written by --save-simulations has it)");
  std::ifstream info_file = open_input_file(info_path, "simulation metadata");
  nlohmann::json info;
  try {
    info = nlohmann::json::parse(info_file);
  } catch (const nlohmann::json::exception& e) {
    throw ValueError(info_path + ": not valid JSON (" + e.what() + ")");
  }
  if (!info.is_object() || !info.contains("task") || !info["task"].is_string())
    throw ValueError(info_path + ": must be a JSON object with a \"task\" name (as --save-simulations writes)");
  if (info["task"] != task.name)
    throw ValueError(info_path + ": the simulations are of task " + info.value("task", std::string("?")) +
                     ", not " + task.name);
  if (info.value("context", nlohmann::json{}) != context)
    throw ValueError(info_path + ": the simulations were made under another simulator setting (saved " +
                     info.value("context", nlohmann::json{}).dump() + ", this run " + context.dump() + ")");
  const std::string theta_path = join_path(dir, kSimulationsThetaFile);
  const std::string x_path = join_path(dir, kSimulationsXFile);
  const CsvTable theta = read_csv(theta_path);
  CsvReadSettings nonfinite;
  nonfinite.allow_nonfinite = true;
  const CsvTable x = read_csv(x_path, nonfinite);
  check_header(theta_path, theta.header, task.parameter_names, task.name);
  check_header(x_path, x.header, task.data_names, task.name);
  if (theta.values.rows() != x.values.rows())
    throw ValueError(dir + ": " + std::to_string(theta.values.rows()) + " θ rows but " +
                     std::to_string(x.values.rows()) + " x rows");
  if (theta.values.rows() < n)
    throw ValueError(dir + ": holds " + std::to_string(theta.values.rows()) + " simulations, fewer than the " +
                     std::to_string(n) + " asked for (--sims)");
  SimulationSet set;
  set.theta = theta.values.topRows(n);
  set.x = x.values.topRows(n);
  // Sets saved before the time was recorded have no "seconds": the cost is then unknown (0).
  const auto seconds = info.find("seconds");
  if (seconds != info.end()) {
    if (!seconds->is_number() || !std::isfinite(seconds->get<double>()) || seconds->get<double>() < 0)
      throw ValueError(info_path + ": \"seconds\" must be a non-negative number of seconds, not " +
                       seconds->dump());
    if (theta.values.rows() > 0)
      set.seconds_saved = seconds->get<double>() * double(n) / double(theta.values.rows());
  }
  const std::vector<bool> inside = task.prior->in_support(set.theta);
  for (Index i = 0; i < n; ++i)
    if (!inside[static_cast<std::size_t>(i)])
      throw ValueError(theta_path + ": row " + std::to_string(i + 1) +
                       " lies outside the prior's support of the " + task.name + " task");
  return set;
}

MatrixD read_simulation_parameters(const std::string& path, const Task& task) {
  MatrixD theta = read_array_file(path).values;
  if (theta.cols() != task.theta_dim())
    throw ShapeError("--theta " + path + " has " + std::to_string(theta.cols()) + " columns; task '" + task.name +
                     "' has θ dimension " + std::to_string(task.theta_dim()));
  require_finite("--theta " + path, theta);
  return theta;
}

}  // namespace sbi::sim
