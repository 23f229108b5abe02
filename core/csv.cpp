// CSV reading and writing (see csv.hpp).
#include "core/csv.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/input_file.hpp"

namespace sbi {

namespace {

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r\"");
  if (begin == std::string::npos) return "";
  const auto end = s.find_last_not_of(" \t\r\"");
  return s.substr(begin, end - begin + 1);
}

bool parse_double(const std::string& text, double& value) {
  const std::string s = trim(text);
  if (s.empty()) return false;
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if (*first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec == std::errc::result_out_of_range) {
    // Subnormal or overflowing literal: fall back to strtod's rounding.
    errno = 0;
    value = std::strtod(s.c_str(), nullptr);
    return true;
  }
  return ec == std::errc() && ptr == last;
}

bool all_numbers(const std::vector<std::string>& fields) {
  double v = 0;
  for (const auto& f : fields)
    if (!parse_double(f, v)) return false;
  return true;
}

}  // namespace

CsvTable read_csv(const std::string& path, const CsvReadSettings& options) {
  std::ifstream in = open_input_file(path, "CSV file");
  CsvTable table;
  std::string line;
  std::size_t line_no = 0;
  std::vector<double> data;
  bool have_header = false;  // the first non-comment line was seen (header or data)
  std::size_t width = 0;
  Index rows = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty() || line[0] == options.comment) continue;
    const auto fields = split(line);
    if (!have_header) {
      have_header = true;
      width = fields.size();
      if (!(options.header_optional && all_numbers(fields))) {
        for (const auto& f : fields) table.header.push_back(trim(f));
        continue;
      }
    }
    if (fields.size() != width)
      throw IOError(path + ":" + std::to_string(line_no) + ": expected " + std::to_string(width) + " fields (as in " +
                    (table.header.empty() ? "the first row" : "the header") + "), found " +
                    std::to_string(fields.size()));
    for (std::size_t j = 0; j < fields.size(); ++j) {
      double v = 0;
      if (!parse_double(fields[j], v))
        throw IOError(path + ":" + std::to_string(line_no) + ": field " + std::to_string(j + 1) +
                      " ('" + excerpt(trim(fields[j])) + "') is not a number");
      if (!options.allow_nonfinite && !std::isfinite(v))
        throw IOError(path + ":" + std::to_string(line_no) + ": field " + std::to_string(j + 1) +
                      " is " + excerpt(trim(fields[j])) + "; non-finite values are not allowed here");
      data.push_back(v);
    }
    ++rows;
  }
  if (!have_header) throw IOError("CSV file '" + path + "' is empty (no header row)");
  const auto cols = static_cast<Index>(width);
  table.values = MatrixD(rows, cols);
  if (rows > 0) table.values = ConstMapD(data.data(), rows, cols);
  return table;
}

MatrixD read_csv_matrix(const std::string& path, const CsvReadSettings& options) {
  return read_csv(path, options).values;
}

std::vector<std::string> numbered_names(const std::string& prefix, Index count) {
  std::vector<std::string> names;
  for (Index j = 0; j < count; ++j) names.push_back(prefix + "_" + std::to_string(j + 1));
  return names;
}

template <class M>
static void write_csv_impl(const std::string& path, const M& values,
                           const std::vector<std::string>& header) {
  if (!header.empty() && static_cast<Index>(header.size()) != values.cols())
    throw ShapeError("write_csv: header has " + std::to_string(header.size()) +
                     " names but the matrix has " + std::to_string(values.cols()) + " columns");
  const auto names = header.empty() ? numbered_names("c", values.cols()) : header;
  write_file_atomically(path, [&](std::ostream& out) {
    char buffer[32];
    for (std::size_t j = 0; j < names.size(); ++j) out << (j ? "," : "") << names[j];
    out << '\n';
    for (Index i = 0; i < values.rows(); ++i) {
      for (Index j = 0; j < values.cols(); ++j) {
        std::snprintf(buffer, sizeof buffer, "%.17g", static_cast<double>(values(i, j)));
        out << (j ? "," : "") << buffer;
      }
      out << '\n';
    }
  });
}

void write_csv(const std::string& path, const MatrixD& values,
               const std::vector<std::string>& header) {
  write_csv_impl(path, values, header);
}
void write_csv(const std::string& path, const MatrixF& values,
               const std::vector<std::string>& header) {
  write_csv_impl(path, values, header);
}

}  // namespace sbi
