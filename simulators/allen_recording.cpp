// Allen recording loader: header parsing, row checks, current density and junction potential.
#include "simulators/allen_recording.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>

#include "core/errors.hpp"
#include "core/input_file.hpp"

namespace sbi::sim {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Parses the whole of `text` as a finite double; false when it is not exactly one number.
bool parse_number(std::string_view text, double& value) {
  text = trim(text);
  if (text.empty()) return false;
  if (text.front() == '+') text.remove_prefix(1);
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

class LineError {
 public:
  explicit LineError(std::string file) : file_(std::move(file)) {}
  [[noreturn]] void fail(std::size_t line, const std::string& message) const {
    throw IOError(file_ + ":" + std::to_string(line) + ": " + message);
  }

 private:
  std::string file_;
};

// Reads "key=value" fields of the comment line into `rec`.
void parse_header(std::string_view line, const LineError& err, AllenRecording& rec) {
  if (line.empty() || line.front() != '#')
    err.fail(1, "expected the Allen header comment ('# ...; dt_ms=...; t_on_ms=...; "
                "t_off_ms=...; soma_area_cm2=...'), got '" + std::string(line.substr(0, 60)) + "'");
  line.remove_prefix(1);
  std::map<std::string, double> fields;
  bool first = true;
  while (!line.empty()) {
    const std::size_t semi = line.find(';');
    const std::string_view field = trim(line.substr(0, semi));
    line = semi == std::string_view::npos ? std::string_view() : line.substr(semi + 1);
    const std::size_t eq = field.find('=');
    if (eq == std::string_view::npos) {
      if (first) rec.description = std::string(field);
      first = false;
      continue;
    }
    first = false;
    const std::string key = excerpt(trim(field.substr(0, eq)));
    double value = 0.0;
    if (!parse_number(field.substr(eq + 1), value))
      err.fail(1, "header field '" + key + "' has value '" +
                      excerpt(trim(field.substr(eq + 1))) + "', not a finite number");
    if (!fields.emplace(key, value).second) err.fail(1, "header field '" + key + "' repeated");
  }
  auto get = [&](const char* key) {
    const auto it = fields.find(key);
    if (it == fields.end()) err.fail(1, std::string("header lacks the field '") + key + "='");
    return it->second;
  };
  rec.dt_ms = get("dt_ms");
  rec.t_on_ms = get("t_on_ms");
  rec.t_off_ms = get("t_off_ms");
  rec.soma_area_cm2 = get("soma_area_cm2");
  // A sampling step outside [1e-4, 100] ms is no patch-clamp recording, and a tiny one would make
  // the stimulus-onset index (t_on / dt) overflow downstream.
  if (!(rec.dt_ms >= kMinRecordingDtMs && rec.dt_ms <= kMaxRecordingDtMs)) {
    std::ostringstream s;
    s << "dt_ms=" << rec.dt_ms << " is outside [" << kMinRecordingDtMs << ", " << kMaxRecordingDtMs << "] ms";
    err.fail(1, s.str());
  }
  if (!(rec.soma_area_cm2 > 0.0))
    err.fail(1, "soma_area_cm2=" + std::to_string(rec.soma_area_cm2) + " is not positive");
  if (!(rec.t_on_ms < rec.t_off_ms))
    err.fail(1, "t_on_ms=" + std::to_string(rec.t_on_ms) + " is not before t_off_ms=" +
                    std::to_string(rec.t_off_ms));
}

}  // namespace

std::vector<double> AllenRecording::current_density() const {
  std::vector<double> out(i_uA.size());
  for (std::size_t k = 0; k < i_uA.size(); ++k) out[k] = i_uA[k] / soma_area_cm2;
  return out;
}

std::vector<double> AllenRecording::corrected_voltage() const {
  std::vector<double> out(v_mV.size());
  for (std::size_t k = 0; k < v_mV.size(); ++k) out[k] = v_mV[k] + kAllenJunctionPotentialMv;
  return out;
}

AllenRecording load_allen_recording(const std::filesystem::path& path) {
  std::ifstream in = open_input_file(path.string(), "Allen recording", /*binary=*/true);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  const LineError err(path.string());
  if (text.empty()) err.fail(1, "file is empty");

  AllenRecording rec;
  rec.path = path.string();
  std::size_t pos = 0, line_no = 0;
  auto next_line = [&](std::string_view& line) {
    if (pos >= text.size()) return false;
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    line = trim(std::string_view(text).substr(pos, end - pos));
    pos = end + 1;
    ++line_no;
    return true;
  };

  std::string_view line;
  next_line(line);
  parse_header(line, err, rec);
  if (!next_line(line)) err.fail(2, "missing the column header 't_ms,v_mV,i_uA'");
  if (line != "t_ms,v_mV,i_uA")
    err.fail(2, "expected the column header 't_ms,v_mV,i_uA', got '" + excerpt(line) + "'");

  std::size_t blank_line = 0;
  while (next_line(line)) {
    if (line.empty()) {
      if (blank_line == 0) blank_line = line_no;
      continue;
    }
    if (blank_line != 0) err.fail(blank_line, "blank line inside the data");
    double values[3];
    std::size_t column = 0, start = 0;
    while (true) {
      const std::size_t comma = line.find(',', start);
      if (column == 3)
        err.fail(line_no, "row has more than 3 columns (expected t_ms,v_mV,i_uA)");
      const std::string_view field = line.substr(start, comma == std::string_view::npos
                                                            ? std::string_view::npos
                                                            : comma - start);
      if (!parse_number(field, values[column]))
        err.fail(line_no, "column " + std::to_string(column + 1) + " is '" + excerpt(field) +
                              "', not a finite number");
      ++column;
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (column != 3)
      err.fail(line_no, "row has " + std::to_string(column) + " columns, expected 3 (t_ms,v_mV,i_uA)");
    const double expected_t =
        (rec.t_ms.empty() ? values[0] : rec.t_ms.front()) + rec.dt_ms * double(rec.t_ms.size());
    if (std::abs(values[0] - expected_t) > 1e-6 * std::max(1.0, std::abs(expected_t)))
      err.fail(line_no, "time " + std::to_string(values[0]) + " ms breaks the sampling grid (expected " +
                            std::to_string(expected_t) + " ms for dt_ms=" + std::to_string(rec.dt_ms) + ")");
    rec.t_ms.push_back(values[0]);
    rec.v_mV.push_back(values[1]);
    rec.i_uA.push_back(values[2]);
  }
  if (rec.t_ms.size() < 2) err.fail(line_no, "fewer than 2 data rows");
  if (rec.t_on_ms < rec.t_ms.front() || rec.t_off_ms > rec.t_ms.back())
    err.fail(1, "stimulus [" + std::to_string(rec.t_on_ms) + ", " + std::to_string(rec.t_off_ms) +
                    "] ms lies outside the recording [" + std::to_string(rec.t_ms.front()) + ", " +
                    std::to_string(rec.t_ms.back()) + "] ms");
  return rec;
}

std::vector<std::filesystem::path> list_allen_recordings(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir))
    throw NotFoundError("Allen recording directory '" + dir.string() + "' does not exist");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".csv") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace sbi::sim
