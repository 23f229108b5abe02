// The external-simulator protocol, one batch at a time, and the batch files that keep
// completed batches on disk.
//
//   stdin:  one line per row, "seed,θ1,...,θd" (seed: the row's unsigned 64-bit seed,
//           derive_seed(run seed, global row index); θ printed to round-trip exactly), then EOF.
//   stdout: one line per row, in the same order: x's values, comma-separated. A line whose
//           values are all `nan` (or a single `nan`) is one failed simulation.
//
// A batch file (magic "SBIXBATC", core/binary_io.hpp's checked container) holds the batch's
// key, a 64-bit FNV-1a hash of the command, the expected x width, every row's seed and θ, so a
// file from another command, seed or θ is never taken for this batch, plus its x rows.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/tensor.hpp"

namespace sbi::sim {

// The stdin text of a batch: θ rows [first, first + rows) with seeds row_seed(first + i).
std::string batch_input(const MatrixD& theta, Index first, Index rows, std::uint64_t run_seed,
                        std::uint64_t stream_offset);

// The seed the command receives for global row `index` of a run with seed `run_seed`.
std::uint64_t external_row_seed(std::uint64_t run_seed, std::uint64_t index);

// The identity of a batch: command, expected x width (0: not yet known), seeds and θ.
std::uint64_t batch_key(const std::string& command, Index x_dim, const std::string& input);

struct ParsedBatch {
  MatrixD x;                 // rows × x_dim; failed simulations are NaN rows
  Index failed_rows = 0;     // `nan` lines
  std::string problem;       // non-empty: the output is malformed (then x is empty)
};

// Parses a batch's stdout: exactly `rows` lines of `x_dim` numbers each (x_dim 0: the first
// line that is not a failed simulation sets the width). The problem names the line and value.
ParsedBatch parse_batch_output(const std::string& out, Index rows, Index x_dim);

// Writes a completed batch atomically; reads one back, returning nothing when the file is
// absent, damaged or belongs to another key (a stale batch is simulated again, not reused).
void write_batch_file(const std::string& path, std::uint64_t key, const std::string& command,
                      const MatrixD& x, Index failed_rows);
struct StoredBatch {
  MatrixD x;
  Index failed_rows = 0;
};
std::optional<StoredBatch> read_batch_file(const std::string& path, std::uint64_t key, Index rows);

}  // namespace sbi::sim
