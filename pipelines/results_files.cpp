// Output text files and results CSVs (see results_files.hpp).
#include "pipelines/results_files.hpp"

#include <fstream>

#include "core/atomic_file.hpp"
#include "pipelines/job.hpp"

namespace sbi::pipelines {

void check_results_csv(const std::string& path, const std::string& header) {
  check_output_path(path);  // a folder, device, link or missing folder: refused before any work
  std::ifstream in(path);
  if (!in.good()) return;
  std::string first;
  std::getline(in, first);
  if (!first.empty() && first.back() == '\r') first.pop_back();
  if (first != header)
    throw SettingsError("'" + path + "' holds another table (columns: " + first + "); this one writes " + header +
                     ". Choose another --out");
}

OutputText::OutputText(std::string path) : path_(std::move(path)) { check_output_path(path_); }

void OutputText::commit() {
  const std::string text = str();
  write_file_atomically(path_, [&](std::ostream& out) { out << text; });
}

ResultsCsv::ResultsCsv(std::string path, std::string header)
    : path_(std::move(path)), header_(std::move(header)) {
  check_results_csv(path_, header_);
}

void ResultsCsv::commit() {
  check_results_csv(path_, header_);
  std::string earlier;
  if (std::ifstream in{path_, std::ios::binary}) {
    std::ostringstream all;
    all << in.rdbuf();
    earlier = all.str();
    if (!earlier.empty() && earlier.back() != '\n') earlier += '\n';
  }
  if (earlier.empty()) earlier = header_ + "\n";
  const std::string rows = str();
  write_file_atomically(path_, [&](std::ostream& out) { out << earlier << rows; });
}

}  // namespace sbi::pipelines
