// The one exception hierarchy of sbi++. Every message names the problem and the values
// involved (both shapes in a shape mismatch, the file and line of a malformed input, ...).
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/tensor.hpp"

namespace sbi {

// Base of every error thrown by sbi++.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

// Wrong dimensions: a matrix of the wrong shape, incompatible operands.
class ShapeError : public Error {
 public:
  using Error::Error;
};

// A bad value: NaN/inf where finite numbers are required, out-of-support θ, bad option.
class ValueError : public Error {
 public:
  using Error::Error;
};

// A file could not be read or written, or its content is malformed or corrupt.
class IOError : public Error {
 public:
  using Error::Error;
};

// A name (task, method, command, ...) that is not known.
class NotFoundError : public Error {
 public:
  using Error::Error;
};

// Throws ShapeError "<context>: expected <rows>x<cols>, got <r>x<c>" unless the shape matches.
// A negative expected extent matches anything. The context is a string_view so that the check
// itself allocates nothing when the shape is right (it runs inside MCMC steps).
void require_shape(std::string_view context, Index rows, Index cols, Index expected_rows,
                   Index expected_cols);

template <class M>
void require_shape(std::string_view context, const M& m, Index expected_rows,
                   Index expected_cols) {
  require_shape(context, m.rows(), m.cols(), expected_rows, expected_cols);
}

// The text to echo in an error message: at most max_chars bytes, control bytes and bytes that
// are not well-formed UTF-8 shown as \xNN (characters such as θ kept), and "... (N characters)" when cut, so that a message never carries a
// megabyte-long field or raw binary.
std::string excerpt(std::string_view text, std::size_t max_chars = 64);

// Throws ValueError naming the first non-finite entry (row, column) unless all are finite.
void require_finite(const std::string& context, const MatrixD& m);
void require_finite(const std::string& context, const MatrixF& m);

}  // namespace sbi
