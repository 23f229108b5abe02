// Writing and reading one simulation-store chunk (see the header).
#include "datasets/store_chunk.hpp"

#include <cstdio>

#include "core/binary_io.hpp"
#include "core/atomic_file.hpp"
#include "core/errors.hpp"

namespace sbi::sim {
namespace {

constexpr const char* kChunkMagic = "SBICHUNK";
constexpr std::uint32_t kChunkVersion = 1;
constexpr const char* kChunkWhat = "simulation store chunk";

}  // namespace

std::string store_chunk_name(Index index) {
  char name[48];
  std::snprintf(name, sizeof name, "chunk-%06lld.bin", static_cast<long long>(index));
  return name;
}

Index store_chunk_index(const std::string& file_name) {
  const std::string prefix = "chunk-", suffix = ".bin";
  if (file_name.size() < prefix.size() + suffix.size() + 6 || file_name.rfind(prefix, 0) != 0 ||
      file_name.compare(file_name.size() - suffix.size(), suffix.size(), suffix) != 0)
    return -1;
  const std::string digits = file_name.substr(prefix.size(), file_name.size() - prefix.size() - suffix.size());
  if (digits.size() > 18) return -1;
  Index index = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return -1;
    index = index * 10 + (c - '0');
  }
  return store_chunk_name(index) == file_name ? index : -1;
}

Index count_nonfinite_rows(const MatrixD& x) {
  Index n = 0;
  for (Index i = 0; i < x.rows(); ++i) n += !x.row(i).allFinite();
  return n;
}

void write_store_chunk(const std::string& path, const StoreChunk& chunk) {
  require_shape("store chunk x", chunk.x, chunk.theta.rows(), -1);
  BinaryWriter w;
  w.u32(kChunkVersion);
  w.u64(static_cast<std::uint64_t>(chunk.index));
  w.u64(static_cast<std::uint64_t>(chunk.first_row));
  w.u64(static_cast<std::uint64_t>(chunk.nonfinite_rows));
  w.matrix(chunk.theta);
  w.matrix(chunk.x);
  const EveryRankWritesScope own_file;  // a chunk is written by the rank that simulated it
  w.save(path, kChunkMagic);
}

StoreChunk read_store_chunk(const std::string& path, const ChunkExpectation& want) {
  BinaryReader r(path, kChunkMagic, kChunkWhat);
  const std::uint32_t version = r.u32();
  if (version != kChunkVersion) r.fail("chunk format version " + std::to_string(version) + ", expected 1");
  StoreChunk chunk;
  chunk.index = static_cast<Index>(r.u64());
  chunk.first_row = static_cast<Index>(r.u64());
  chunk.nonfinite_rows = static_cast<Index>(r.u64());
  chunk.theta = r.matrix_d();
  chunk.x = r.matrix_d();
  r.expect_end();
  auto mismatch = [&](const std::string& what, Index got, Index expected) {
    throw IOError("'" + path + "': " + kChunkWhat + " holds " + what + " " + std::to_string(got) + ", expected " +
                  std::to_string(expected));
  };
  if (chunk.index != want.index) mismatch("chunk index", chunk.index, want.index);
  if (chunk.first_row != want.first_row) mismatch("first row", chunk.first_row, want.first_row);
  if (chunk.theta.rows() != want.rows) mismatch("θ rows", chunk.theta.rows(), want.rows);
  if (chunk.x.rows() != want.rows) mismatch("x rows", chunk.x.rows(), want.rows);
  if (chunk.theta.cols() != want.theta_dim) mismatch("θ columns", chunk.theta.cols(), want.theta_dim);
  if (want.x_dim > 0 && chunk.x.cols() != want.x_dim) mismatch("x columns", chunk.x.cols(), want.x_dim);
  const Index nonfinite = count_nonfinite_rows(chunk.x);
  if (chunk.nonfinite_rows != nonfinite) mismatch("a non-finite row count of", chunk.nonfinite_rows, nonfinite);
  return chunk;
}

}  // namespace sbi::sim
