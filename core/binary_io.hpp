// A compact, checked binary container and the array format built on it.
//
// File layout: 8-byte magic | payload | CRC-32 of the payload (4 bytes, little-endian).
// BinaryWriter assembles a payload of fixed-width little-endian fields; BinaryReader loads a
// file, verifies magic and checksum before anything is parsed, and reports any truncation or
// inconsistency with the file name and byte offset, so a damaged file never yields garbage.
//
// Arrays (write_array/read_array): magic "SBIARRAY", payload = version u32, dtype u32
// (1 = float32, 2 = float64), rows u64, cols u64, row-major values.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/tensor.hpp"

namespace sbi {

std::uint32_t crc32(const void* data, std::size_t bytes, std::uint32_t crc = 0);

class BinaryWriter {
 public:
  void u32(std::uint32_t v);
  void u64(std::uint64_t v);
  void i64(std::int64_t v);
  void f32(float v);
  void f64(double v);
  void str(const std::string& s);  // u64 length + bytes
  void matrix(const MatrixF& m);   // rows u64, cols u64, values
  void matrix(const MatrixD& m);
  void bytes(const void* data, std::size_t n);
  // Writes magic (exactly 8 characters), payload and checksum; atomically replaces `path`
  // (written to a temporary file first, so a failed save never destroys an existing file).
  void save(const std::string& path, const std::string& magic) const;
  const std::vector<unsigned char>& payload() const { return buffer_; }

 private:
  std::vector<unsigned char> buffer_;
};

class BinaryReader {
 public:
  // Loads and verifies `path` (magic and checksum); `what` names the kind of file in errors.
  BinaryReader(const std::string& path, const std::string& magic, const std::string& what);
  std::uint32_t u32();
  std::uint64_t u64();
  std::int64_t i64();
  float f32();
  double f64();
  std::string str();
  MatrixF matrix_f();
  MatrixD matrix_d();
  void bytes(void* out, std::size_t n);
  bool at_end() const { return offset_ == payload_.size(); }
  std::size_t remaining() const { return payload_.size() - offset_; }
  // Throws unless the whole payload was consumed.
  void expect_end() const;
  // An IOError naming the file and the current offset.
  [[noreturn]] void fail(const std::string& problem) const;

 private:
  std::string path_, what_;
  std::vector<unsigned char> payload_;
  std::size_t offset_ = 0;
};

void write_array(const std::string& path, const MatrixD& m);
void write_array(const std::string& path, const MatrixF& m);
// Reads either dtype, converting to double.
MatrixD read_array(const std::string& path);

}  // namespace sbi
