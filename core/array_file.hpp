// One loader for θ, x and observation files: NumPy .npy or CSV, with or without a header.
//
// .npy (NumPy format v1.0, 2.0 or 3.0): dtype float32 or float64, little-endian ('<f4', '<f8'),
// C order, 1-D (one row) or 2-D. Anything else — bad magic, big-endian, integer or other
// dtypes, Fortran order, 0-D or 3-D shapes, a header longer than the file, data shorter or
// longer than the shape says — is an IOError naming the file and the problem. Sizes are
// checked against the file's length before anything is allocated.
// CSV: a first line that parses as numbers is data (no header), otherwise it is the header.
// NaN and inf are read as they are in both formats (callers decide what to do with them).
#pragma once
#include <string>
#include <vector>

#include "core/tensor.hpp"

namespace sbi {

struct ArrayFile {
  std::vector<std::string> header;  // empty if none (always empty for .npy)
  MatrixD values;
};

// .npy when the file starts with NumPy's magic string or its name ends in ".npy"; CSV otherwise.
ArrayFile read_array_file(const std::string& path);

// By extension: ".npy" writes float64 NumPy v1.0 format; anything else CSV with header (the
// given one, or c1, c2, ... when empty). Written atomically (core/atomic_file.hpp).
void write_array_file(const std::string& path, const MatrixD& values,
                      const std::vector<std::string>& header = {});

// True when `path` ends in ".npy" (case-sensitive, as NumPy writes it).
bool is_npy_path(const std::string& path);

}  // namespace sbi
