// Batch input lines, output parsing and batch files of the external-simulator protocol
// (see external_protocol.hpp).
#include "external/external_protocol.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <string_view>
#include <vector>

#include "core/binary_io.hpp"
#include "core/errors.hpp"
#include "core/rng.hpp"

namespace sbi::sim {

namespace {

constexpr const char* kBatchMagic = "SBIXBATC";
constexpr std::uint32_t kBatchVersion = 1;

void append_number(std::string& s, double v) {
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
  s.append(buffer, end);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// One value; false unless the whole token is a number (nan and inf included).
bool parse_value(std::string_view token, double& v) {
  token = trim(token);
  if (!token.empty() && token.front() == '+') token.remove_prefix(1);
  if (token.empty()) return false;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
  return ec == std::errc() && end == token.data() + token.size();
}

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = text.find(sep, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

std::string line_problem(Index line, const std::string& what) {
  return "output line " + std::to_string(line + 1) + " " + what;
}

}  // namespace

std::uint64_t external_row_seed(std::uint64_t run_seed, std::uint64_t index) { return derive_seed(run_seed, index); }

std::string batch_input(const MatrixD& theta, Index first, Index rows, std::uint64_t run_seed,
                        std::uint64_t stream_offset) {
  std::string s;
  s.reserve(static_cast<std::size_t>(rows * (21 + 25 * theta.cols())));
  for (Index i = first; i < first + rows; ++i) {
    s += std::to_string(external_row_seed(run_seed, stream_offset + static_cast<std::uint64_t>(i)));
    for (Index j = 0; j < theta.cols(); ++j) {
      s += ',';
      append_number(s, theta(i, j));
    }
    s += '\n';
  }
  return s;
}

std::uint64_t batch_key(const std::string& command, Index x_dim, const std::string& input) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a 64
  auto mix = [&h](std::string_view bytes) {
    for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
  };
  mix(command);
  const std::string width = std::to_string(x_dim);
  mix("\n");
  mix(width);
  mix("\n");
  mix(input);
  return h;
}

ParsedBatch parse_batch_output(const std::string& out, Index rows, Index x_dim) {
  ParsedBatch r;
  std::vector<std::string_view> lines = split(out, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();  // the final newline
  if (static_cast<Index>(lines.size()) != rows) {
    r.problem = std::to_string(lines.size()) + " output lines for " + std::to_string(rows) + " input rows";
    return r;
  }
  std::vector<std::vector<double>> values(static_cast<std::size_t>(rows));  // empty: a failed simulation
  for (Index i = 0; i < rows; ++i) {
    const auto tokens = split(lines[static_cast<std::size_t>(i)], ',');
    auto& row = values[static_cast<std::size_t>(i)];
    bool all_nan = true;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      double v;
      if (!parse_value(tokens[k], v)) {
        r.problem = line_problem(i, "value " + std::to_string(k + 1) + " '" + std::string(trim(tokens[k])) +
                                        "' is not a number");
        return r;
      }
      all_nan = all_nan && std::isnan(v);
      row.push_back(v);
    }
    if (all_nan) {
      row.clear();
      ++r.failed_rows;
      continue;
    }
    if (x_dim == 0) x_dim = static_cast<Index>(row.size());
    if (static_cast<Index>(row.size()) != x_dim) {
      r.problem = line_problem(i, "has " + std::to_string(row.size()) + " values, expected " + std::to_string(x_dim));
      return r;
    }
  }
  r.x = MatrixD::Constant(rows, x_dim, NAN);  // x_dim still 0: every row failed, width unknown
  for (Index i = 0; i < rows; ++i) {
    const auto& row = values[static_cast<std::size_t>(i)];
    for (std::size_t j = 0; j < row.size(); ++j) r.x(i, static_cast<Index>(j)) = row[j];
  }
  return r;
}

void write_batch_file(const std::string& path, std::uint64_t key, const std::string& command,
                      const MatrixD& x, Index failed_rows) {
  BinaryWriter w;
  w.u32(kBatchVersion);
  w.u64(key);
  w.str(command);
  w.u64(static_cast<std::uint64_t>(failed_rows));
  w.matrix(x);
  w.save(path, kBatchMagic);
}

std::optional<StoredBatch> read_batch_file(const std::string& path, std::uint64_t key, Index rows) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  try {
    BinaryReader r(path, kBatchMagic, "external-simulator batch file");
    if (r.u32() != kBatchVersion || r.u64() != key) return std::nullopt;
    r.str();  // the command, for people reading the file
    StoredBatch b;
    b.failed_rows = static_cast<Index>(r.u64());
    b.x = r.matrix_d();
    r.expect_end();
    if (b.x.rows() != rows) return std::nullopt;
    return b;
  } catch (const IOError&) {
    return std::nullopt;  // damaged (e.g. cut off by a crash): simulated again
  }
}

}  // namespace sbi::sim
