// θ/x/observation files: the .npy reader and writer, and the dispatch to CSV (see array_file.hpp).
// .npy layout: "\x93NUMPY", major, minor, header length (u16 LE in v1, u32 LE in v2/v3), an
// ASCII Python dict {'descr': '<f8', 'fortran_order': False, 'shape': (r, c), } padded with
// spaces and '\n', then r·c values in C order.
#include "core/array_file.hpp"

#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/atomic_file.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"

namespace sbi {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicSize = 6;

struct NpyHeader {
  std::size_t item_size = 0;  // 4 or 8
  Index rows = 0, cols = 0;
  std::uintmax_t data_offset = 0;
};

[[noreturn]] void npy_fail(const std::string& path, const std::string& problem) {
  throw IOError("NumPy file '" + path + "': " + problem);
}

// The text after `'key':` in the header dict, trimmed of leading spaces.
std::string dict_value(const std::string& header, const std::string& key, const std::string& path) {
  const std::size_t at = header.find("'" + key + "'");
  if (at == std::string::npos) npy_fail(path, "header has no '" + key + "' entry: " + header);
  const std::size_t colon = header.find(':', at);
  if (colon == std::string::npos) npy_fail(path, "malformed header: " + header);
  const std::size_t start = header.find_first_not_of(' ', colon + 1);
  return start == std::string::npos ? std::string() : header.substr(start);
}

std::size_t parse_descr(const std::string& header, const std::string& path) {
  const std::string v = dict_value(header, "descr", path);
  const std::size_t end = v.find(v.empty() ? '\'' : v[0], 1);
  if (v.empty() || (v[0] != '\'' && v[0] != '"') || end == std::string::npos) npy_fail(path, "malformed descr");
  const std::string descr = v.substr(1, end - 1);
  if (descr == "<f8") return 8;
  if (descr == "<f4") return 4;
  if (descr == ">f8" || descr == ">f4") npy_fail(path, "big-endian data ('" + descr + "') is not supported; save little-endian float32/float64");
  npy_fail(path, "dtype '" + descr + "' is not supported; only float32 ('<f4') and float64 ('<f8')");
}

std::vector<std::uintmax_t> parse_shape(const std::string& header, const std::string& path) {
  const std::string v = dict_value(header, "shape", path);
  const std::size_t close = v.find(')');
  if (v.empty() || v[0] != '(' || close == std::string::npos) npy_fail(path, "malformed shape in header: " + header);
  std::vector<std::uintmax_t> dims;
  std::size_t i = 1;
  while (i < close) {
    while (i < close && (v[i] == ' ' || v[i] == ',')) ++i;
    if (i >= close) break;
    std::uintmax_t d = 0;
    std::size_t digits = 0;
    for (; i < close && v[i] >= '0' && v[i] <= '9'; ++i, ++digits) {
      if (d > (UINTMAX_MAX - 9) / 10) npy_fail(path, "shape too large");
      d = d * 10 + static_cast<std::uintmax_t>(v[i] - '0');
    }
    if (digits == 0) npy_fail(path, "malformed shape in header: " + header);
    dims.push_back(d);
  }
  return dims;
}

void read_exact(std::ifstream& in, char* out, std::size_t n, const std::string& path, const char* what) {
  in.read(out, static_cast<std::streamsize>(n));
  if (static_cast<std::size_t>(in.gcount()) != n) npy_fail(path, std::string("truncated ") + what);
}

NpyHeader read_npy_header(std::ifstream& in, const std::string& path, std::uintmax_t file_size) {
  char preamble[8];
  if (file_size < 10) npy_fail(path, "file too short for a NumPy header (" + std::to_string(file_size) + " bytes)");
  read_exact(in, preamble, 8, path, "preamble");
  if (std::memcmp(preamble, kMagic, kMagicSize) != 0) npy_fail(path, "bad magic (not a .npy file)");
  const int major = static_cast<unsigned char>(preamble[6]);
  if (major < 1 || major > 3) npy_fail(path, "unsupported format version " + std::to_string(major));
  unsigned char len_bytes[4] = {0, 0, 0, 0};
  const std::size_t len_size = major == 1 ? 2 : 4;
  read_exact(in, reinterpret_cast<char*>(len_bytes), len_size, path, "header length");
  std::uintmax_t header_len = 0;
  for (std::size_t k = len_size; k-- > 0;) header_len = (header_len << 8) | len_bytes[k];
  NpyHeader h;
  h.data_offset = 6 + 2 + len_size + header_len;
  if (h.data_offset > file_size)
    npy_fail(path, "header length " + std::to_string(header_len) + " runs past the end of the file (" +
                       std::to_string(file_size) + " bytes)");
  std::string header(static_cast<std::size_t>(header_len), '\0');
  read_exact(in, header.data(), header.size(), path, "header");
  h.item_size = parse_descr(header, path);
  if (dict_value(header, "fortran_order", path).rfind("False", 0) != 0)
    npy_fail(path, "Fortran order is not supported; save a C-ordered array (numpy.ascontiguousarray)");
  const auto dims = parse_shape(header, path);
  if (dims.empty() || dims.size() > 2)
    npy_fail(path, std::to_string(dims.size()) + "-D arrays are not supported; give a 1-D row or a 2-D table");
  const std::uintmax_t rows = dims.size() == 2 ? dims[0] : 1, cols = dims.back();
  // A zero width would let any row count pass the size check below (and loop over rows for ever).
  if (cols == 0) npy_fail(path, "the array has no columns (shape ends in 0)");
  if (rows > (UINTMAX_MAX / h.item_size) / cols) npy_fail(path, "shape too large");
  const std::uintmax_t expected = h.data_offset + rows * cols * h.item_size;
  if (expected != file_size)
    npy_fail(path, "shape (" + std::to_string(rows) + ", " + std::to_string(cols) + ") needs " +
                       std::to_string(expected) + " bytes, the file has " + std::to_string(file_size) +
                       (expected > file_size ? " (truncated data)" : " (trailing data)"));
  h.rows = static_cast<Index>(rows);
  h.cols = static_cast<Index>(cols);
  return h;
}

template <class T>
T little_endian(const char* bytes) {
  T v;
  std::memcpy(&v, bytes, sizeof(T));
  if constexpr (std::endian::native == std::endian::big) {
    auto* b = reinterpret_cast<unsigned char*>(&v);
    for (std::size_t k = 0; k < sizeof(T) / 2; ++k) std::swap(b[k], b[sizeof(T) - 1 - k]);
  }
  return v;
}

MatrixD read_npy(const std::string& path) {
  std::error_code ec;
  const std::uintmax_t file_size = std::filesystem::file_size(path, ec);
  if (ec) throw IOError("cannot read '" + path + "': " + ec.message());
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IOError("cannot open '" + path + "'");
  const NpyHeader h = read_npy_header(in, path, file_size);
  std::vector<char> bytes(static_cast<std::size_t>(h.rows * h.cols) * h.item_size);
  read_exact(in, bytes.data(), bytes.size(), path, "data");
  MatrixD m(h.rows, h.cols);
  for (Index r = 0; r < h.rows; ++r)
    for (Index c = 0; c < h.cols; ++c) {
      const char* at = bytes.data() + static_cast<std::size_t>(r * h.cols + c) * h.item_size;
      m(r, c) = h.item_size == 8 ? little_endian<double>(at) : static_cast<double>(little_endian<float>(at));
    }
  return m;
}

bool starts_with_npy_magic(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char start[kMagicSize] = {};
  in.read(start, kMagicSize);
  return in.gcount() == static_cast<std::streamsize>(kMagicSize) && std::memcmp(start, kMagic, kMagicSize) == 0;
}

void write_npy(std::ostream& out, const MatrixD& values) {
  std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + std::to_string(values.rows()) +
                     ", " + std::to_string(values.cols()) + "), }";
  // Pad with spaces so that magic + version + length + dict + '\n' is a multiple of 64 bytes.
  const std::size_t unpadded = 10 + dict.size() + 1;
  dict.append((64 - unpadded % 64) % 64, ' ');
  dict += '\n';
  const auto len = static_cast<std::uint16_t>(dict.size());
  out.write(kMagic, kMagicSize);
  const char version_and_length[4] = {1, 0, static_cast<char>(len & 0xff), static_cast<char>(len >> 8)};
  out.write(version_and_length, 4);
  out << dict;
  for (Index r = 0; r < values.rows(); ++r)
    for (Index c = 0; c < values.cols(); ++c) {
      const double v = little_endian<double>(reinterpret_cast<const char*>(&values(r, c)));
      out.write(reinterpret_cast<const char*>(&v), sizeof v);
    }
}

}  // namespace

bool is_npy_path(const std::string& path) {
  return path.size() >= 4 && path.compare(path.size() - 4, 4, ".npy") == 0;
}

ArrayFile read_array_file(const std::string& path) {
  ArrayFile file;
  if (is_npy_path(path) || starts_with_npy_magic(path)) {
    file.values = read_npy(path);
    return file;
  }
  CsvReadSettings options;
  options.allow_nonfinite = true;
  options.header_optional = true;
  CsvTable table = read_csv(path, options);
  file.header = std::move(table.header);
  file.values = std::move(table.values);
  return file;
}

void write_array_file(const std::string& path, const MatrixD& values, const std::vector<std::string>& header) {
  if (!is_npy_path(path)) {
    write_csv(path, values, header);
    return;
  }
  write_file_atomically(path, [&](std::ostream& out) { write_npy(out, values); }, /*binary=*/true);
}

}  // namespace sbi
