// Output text files of the pipelines: a table or CSV built in memory and written in one checked
// step (core/atomic_file.hpp), and results CSVs that runs append rows to.
#pragma once
#include <sstream>
#include <string>

namespace sbi::pipelines {

// SettingsError when `path` exists and its first line is not `header`: appending would mix two
// tables' columns. Commands call it before any work, so a wrong --out costs nothing.
void check_results_csv(const std::string& path, const std::string& header);

// An output text file (a markdown table, a CSV of costs) built in memory: the path is checked
// when it is created (core/atomic_file.hpp check_output_path), and commit() writes it in one
// checked step to a temporary file beside it, renamed into place.
class OutputText : public std::ostringstream {
 public:
  explicit OutputText(std::string path);
  void commit();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Rows to append to a results CSV (check_results_csv's error for a file of another table).
// commit() writes the existing file's content, or `header` when it is new, followed by the new
// rows to a temporary file, then renames it over the file: a failed write leaves the earlier
// rows as they were.
class ResultsCsv : public std::ostringstream {
 public:
  ResultsCsv(std::string path, std::string header);
  void commit();

 private:
  std::string path_, header_;
};

}  // namespace sbi::pipelines
