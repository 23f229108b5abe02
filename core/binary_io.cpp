// Checked binary container and arrays (see binary_io.hpp).
#include "core/binary_io.hpp"

#include <array>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/input_file.hpp"

namespace sbi {

namespace {
constexpr std::size_t kMagicBytes = 8;
constexpr std::uint32_t kArrayVersion = 1;
constexpr std::uint32_t kFloat32 = 1, kFloat64 = 2;
constexpr std::uint64_t kMaxElements = std::uint64_t(1) << 40;

std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}
}  // namespace

std::uint32_t crc32(const void* data, std::size_t bytes, std::uint32_t crc) {
  static const auto table = make_crc_table();
  const auto* p = static_cast<const unsigned char*>(data);
  crc = ~crc;
  for (std::size_t i = 0; i < bytes; ++i) crc = table[(crc ^ p[i]) & 0xFFu] ^ (crc >> 8);
  return ~crc;
}

// ---- writer ----
void BinaryWriter::bytes(const void* data, std::size_t n) {
  const auto* p = static_cast<const unsigned char*>(data);
  buffer_.insert(buffer_.end(), p, p + n);
}
void BinaryWriter::u32(std::uint32_t v) { bytes(&v, sizeof v); }  // x86/ARM: little-endian
void BinaryWriter::u64(std::uint64_t v) { bytes(&v, sizeof v); }
void BinaryWriter::i64(std::int64_t v) { bytes(&v, sizeof v); }
void BinaryWriter::f32(float v) { bytes(&v, sizeof v); }
void BinaryWriter::f64(double v) { bytes(&v, sizeof v); }
void BinaryWriter::str(const std::string& s) {
  u64(s.size());
  bytes(s.data(), s.size());
}
void BinaryWriter::matrix(const MatrixF& m) {
  u64(static_cast<std::uint64_t>(m.rows()));
  u64(static_cast<std::uint64_t>(m.cols()));
  bytes(m.data(), sizeof(float) * static_cast<std::size_t>(m.size()));
}
void BinaryWriter::matrix(const MatrixD& m) {
  u64(static_cast<std::uint64_t>(m.rows()));
  u64(static_cast<std::uint64_t>(m.cols()));
  bytes(m.data(), sizeof(double) * static_cast<std::size_t>(m.size()));
}

void BinaryWriter::save(const std::string& path, const std::string& magic) const {
  if (magic.size() != kMagicBytes) throw ValueError("BinaryWriter: magic must be 8 characters");
  write_file_atomically(path, [&](std::ostream& out) {
    out.write(magic.data(), kMagicBytes);
    out.write(reinterpret_cast<const char*>(buffer_.data()), static_cast<std::streamsize>(buffer_.size()));
    const std::uint32_t crc = crc32(buffer_.data(), buffer_.size());
    out.write(reinterpret_cast<const char*>(&crc), sizeof crc);
  }, /*binary=*/true);
}

// ---- reader ----
BinaryReader::BinaryReader(const std::string& path, const std::string& magic,
                           const std::string& what)
    : path_(path), what_(what) {
  std::ifstream in = open_input_file(path, what, /*binary=*/true);
  std::vector<unsigned char> all((std::istreambuf_iterator<char>(in)),
                                 std::istreambuf_iterator<char>());
  if (all.size() < kMagicBytes + 4)
    throw IOError("'" + path + "' is not a valid " + what + ": only " +
                  std::to_string(all.size()) + " bytes (truncated?)");
  if (std::memcmp(all.data(), magic.data(), kMagicBytes) != 0)
    throw IOError("'" + path + "' is not a " + what + " (wrong magic; expected '" + magic + "')");
  payload_.assign(all.begin() + kMagicBytes, all.end() - 4);
  std::uint32_t stored = 0;
  std::memcpy(&stored, all.data() + all.size() - 4, 4);
  if (crc32(payload_.data(), payload_.size()) != stored)
    throw IOError("'" + path + "': " + what +
                  " is corrupt (checksum mismatch; truncated or modified)");
}

void BinaryReader::fail(const std::string& problem) const {
  throw IOError("'" + path_ + "' (" + what_ + ", byte " + std::to_string(offset_ + kMagicBytes) +
                "): " + problem);
}

void BinaryReader::bytes(void* out, std::size_t n) {
  if (n > remaining())
    fail("unexpected end of data (wanted " + std::to_string(n) + " more bytes)");
  if (n == 0) return;  // `out` may be null (an empty matrix): memcpy must not see it
  std::memcpy(out, payload_.data() + offset_, n);
  offset_ += n;
}
std::uint32_t BinaryReader::u32() { std::uint32_t v; bytes(&v, sizeof v); return v; }
std::uint64_t BinaryReader::u64() { std::uint64_t v; bytes(&v, sizeof v); return v; }
std::int64_t BinaryReader::i64() { std::int64_t v; bytes(&v, sizeof v); return v; }
float BinaryReader::f32() { float v; bytes(&v, sizeof v); return v; }
double BinaryReader::f64() { double v; bytes(&v, sizeof v); return v; }

std::string BinaryReader::str() {
  const std::uint64_t n = u64();
  if (n > payload_.size() - offset_) fail("string length " + std::to_string(n) + " exceeds the file");
  std::string s(n, '\0');
  bytes(s.data(), n);
  return s;
}

template <class M>
static M read_matrix(BinaryReader& r, std::size_t element_bytes) {
  const std::uint64_t rows = r.u64(), cols = r.u64();
  // rows * cols is compared by division: the product of two 40-bit values can wrap to a small
  // number (a fuzzer found 0x29000000 x 2^40) and slip past a multiplied check.
  if (rows > kMaxElements || cols > kMaxElements || (cols != 0 && rows > kMaxElements / cols))
    r.fail("implausible matrix shape " + std::to_string(rows) + "x" + std::to_string(cols));
  // Check against the bytes left before allocating: a header never makes us allocate more than
  // the file holds.
  if (element_bytes * rows * cols > r.remaining())
    r.fail("matrix of " + std::to_string(rows) + "x" + std::to_string(cols) + " needs " +
           std::to_string(element_bytes * rows * cols) + " bytes but only " +
           std::to_string(r.remaining()) + " remain (truncated or corrupt)");
  M m(static_cast<Index>(rows), static_cast<Index>(cols));
  r.bytes(m.data(), element_bytes * rows * cols);
  return m;
}
MatrixF BinaryReader::matrix_f() { return read_matrix<MatrixF>(*this, sizeof(float)); }
MatrixD BinaryReader::matrix_d() { return read_matrix<MatrixD>(*this, sizeof(double)); }

void BinaryReader::expect_end() const {
  if (offset_ != payload_.size())
    fail(std::to_string(payload_.size() - offset_) + " unexpected trailing bytes");
}

// ---- arrays ----
static constexpr const char* kArrayMagic = "SBIARRAY";

void write_array(const std::string& path, const MatrixD& m) {
  BinaryWriter w;
  w.u32(kArrayVersion);
  w.u32(kFloat64);
  w.matrix(m);
  w.save(path, kArrayMagic);
}

void write_array(const std::string& path, const MatrixF& m) {
  BinaryWriter w;
  w.u32(kArrayVersion);
  w.u32(kFloat32);
  w.matrix(m);
  w.save(path, kArrayMagic);
}

MatrixD read_array(const std::string& path) {
  BinaryReader r(path, kArrayMagic, "array file");
  const std::uint32_t version = r.u32();
  if (version != kArrayVersion) r.fail("unsupported array format version " + std::to_string(version));
  const std::uint32_t dtype = r.u32();
  MatrixD m;
  if (dtype == kFloat64) m = r.matrix_d();
  else if (dtype == kFloat32) m = r.matrix_f().cast<double>();
  else r.fail("unknown element type code " + std::to_string(dtype));
  r.expect_end();
  return m;
}

}  // namespace sbi
