// One chunk of a simulation store: rows [first_row, first_row + rows) of θ and x, in the
// project's checked binary container (core/binary_io.hpp): magic "SBICHUNK" | payload | CRC-32
// of the payload. Payload: version u32 (1), chunk index u64, first row u64, rows with
// non-finite x u64, θ (rows u64, cols u64, float64 row-major), x (the same).
// File name chunk-NNNNNN.bin (index, 6 digits or more). Written atomically, so a store holds
// only whole chunks; reading verifies the CRC first (a mismatch is an IOError naming the chunk
// file) and then that the chunk is the one expected (index, first row, rows, widths).
#pragma once
#include <string>

#include "core/tensor.hpp"

namespace sbi::sim {

struct StoreChunk {
  Index index = 0;
  Index first_row = 0;
  MatrixD theta, x;
  Index nonfinite_rows = 0;  // rows of x with NaN/inf (failed simulations; consumers drop them)

  Index rows() const { return theta.rows(); }
};

// "chunk-000123.bin".
std::string store_chunk_name(Index index);
// The chunk index of a file name of that form; -1 for any other name.
Index store_chunk_index(const std::string& file_name);

// The number of rows of x that are not all finite.
Index count_nonfinite_rows(const MatrixD& x);

void write_store_chunk(const std::string& path, const StoreChunk& chunk);

// What a chunk must be: its index, first row, row count, θ width and x width (0: any).
struct ChunkExpectation {
  Index index = 0, first_row = 0, rows = 0, theta_dim = 0, x_dim = 0;
};
// IOError naming the file for a damaged file (CRC mismatch, truncation) or one that is not the
// expected chunk.
StoreChunk read_store_chunk(const std::string& path, const ChunkExpectation& expected);

}  // namespace sbi::sim
