// sbibm folder layout and header-less CSV reading (sbibm_loader.hpp).
#include "simulators/sbibm_loader.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/csv.hpp"
#include "core/errors.hpp"

namespace sbi::sim {

namespace fs = std::filesystem;

namespace {
RowVectorD read_single_row(const fs::path& path) {
  const MatrixD m = read_csv_matrix(path.string());
  if (m.rows() != 1)
    throw IOError(path.string() + ": expected exactly 1 data row, found " + std::to_string(m.rows()));
  return m.row(0);
}
}  // namespace

SbibmObservation load_sbibm_observation_dir(const std::string& directory) {
  const fs::path dir(directory);
  if (!fs::is_directory(dir)) throw IOError("sbibm observation directory not found: " + directory);
  SbibmObservation o;
  o.directory = directory;
  o.observation = read_single_row(dir / "observation.csv");
  o.true_parameters = read_single_row(dir / "true_parameters.csv");
  const fs::path ref = dir / "reference_posterior_samples.csv";
  if (fs::exists(ref)) {
    o.reference_samples = read_csv_matrix(ref.string());
    o.has_reference = true;
    if (o.reference_samples.cols() != o.true_parameters.size())
      throw IOError(ref.string() + ": " + std::to_string(o.reference_samples.cols()) + " columns but " +
                    std::to_string(o.true_parameters.size()) + " true parameters");
  }
  return o;
}

SbibmObservation load_sbibm_observation(const std::string& root, const std::string& task, int num_observation) {
  if (num_observation < 1)
    throw ValueError("load_sbibm_observation: observation numbers start at 1, got " + std::to_string(num_observation));
  const fs::path dir = fs::path(root) / task / ("num_observation_" + std::to_string(num_observation));
  return load_sbibm_observation_dir(dir.string());
}

MatrixD read_headerless_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw IOError("cannot open " + path);
  std::vector<std::vector<double>> rows;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<double> row;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) {
      try {
        std::size_t used = 0;
        row.push_back(std::stod(cell, &used));
        if (cell.find_first_not_of(" \t", used) != std::string::npos) throw std::invalid_argument(cell);
      } catch (const std::exception&) {
        throw IOError(path + ":" + std::to_string(line_no) + ": not a number: '" + cell + "'");
      }
    }
    if (!rows.empty() && row.size() != rows.front().size())
      throw IOError(path + ":" + std::to_string(line_no) + ": " + std::to_string(row.size()) + " values, expected " +
                    std::to_string(rows.front().size()));
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw IOError(path + ": empty file");
  MatrixD m(static_cast<Index>(rows.size()), static_cast<Index>(rows.front().size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j) m(static_cast<Index>(i), static_cast<Index>(j)) = rows[i][j];
  return m;
}

}  // namespace sbi::sim
