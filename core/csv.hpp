// CSV matrices with a header row: the layout of the sbibm reference files
// (e.g. "parameter_1,parameter_2\n0.1,0.2\n..."). Reading checks everything and reports the
// file and line of the first problem: missing file, empty file, ragged rows, non-numbers,
// and NaN/inf unless allowed.
#pragma once
#include <string>
#include <vector>

#include "core/tensor.hpp"

namespace sbi {

struct CsvTable {
  std::vector<std::string> header;
  MatrixD values;
};

struct CsvReadSettings {
  bool allow_nonfinite = false;  // accept "nan", "inf" entries
  char comment = '#';            // lines starting with this are skipped (Allen headers)
  bool header_optional = false;  // a first line that parses as numbers is data (header empty)
};

CsvTable read_csv(const std::string& path, const CsvReadSettings& options = {});
// Only the values (the header is still required and checked for width).
MatrixD read_csv_matrix(const std::string& path, const CsvReadSettings& options = {});

// Writes with a header (default names "c1,c2,..."); full round-trip precision (%.17g).
void write_csv(const std::string& path, const MatrixD& values,
               const std::vector<std::string>& header = {});
void write_csv(const std::string& path, const MatrixF& values,
               const std::vector<std::string>& header = {});

// Default column names with a prefix: prefix_1, prefix_2, ...
std::vector<std::string> numbered_names(const std::string& prefix, Index count);

}  // namespace sbi
