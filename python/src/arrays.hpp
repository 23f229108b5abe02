// NumPy ↔ Eigen at the binding boundary. Inputs arrive as C-contiguous float64 ndarrays (the
// Python layer, sbipp/_arrays.py, refuses other dtypes and layouts with a clear message), which
// are exactly the memory layout of sbi::MatrixD (row-major double): view() maps them without a
// copy; to_matrix() copies only where an engine call takes an owned matrix. Outputs move the
// engine's matrix to the heap and hand NumPy that buffer (freed with the array): no copy.
#pragma once
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>

#include <cstdint>
#include <functional>
#include <string>

#include "core/tensor.hpp"

namespace sbi::py {

namespace nb = nanobind;

using InMatrix = nb::ndarray<const double, nb::ndim<2>, nb::c_contig, nb::device::cpu>;
using InVector = nb::ndarray<const double, nb::ndim<1>, nb::c_contig, nb::device::cpu>;
using OutMatrix = nb::ndarray<nb::numpy, double, nb::ndim<2>>;
using OutVector = nb::ndarray<nb::numpy, double, nb::ndim<1>>;

// A zero-copy view of a C-contiguous float64 matrix.
inline ConstMapD view(const InMatrix& a) {
  return ConstMapD(a.data(), static_cast<Index>(a.shape(0)), static_cast<Index>(a.shape(1)));
}
inline MatrixD to_matrix(const InMatrix& a) { return view(a); }
inline RowVectorD to_row(const InVector& a) {
  return Eigen::Map<const RowVectorD>(a.data(), static_cast<Index>(a.shape(0)));
}
inline VectorD to_vector(const InVector& a) {
  return Eigen::Map<const VectorD>(a.data(), static_cast<Index>(a.shape(0)));
}

// Hands the matrix's buffer to NumPy (moved, not copied).
OutMatrix to_numpy(MatrixD&& m);
OutVector to_numpy(VectorD&& v);

// A Python callable (theta: ndarray, seed: int) -> ndarray as the engine's batch simulator
// (SMC-ABC, the sequential methods). Each call re-acquires the GIL; the Python layer
// (sbipp/abc.py) has already checked what the callable returns. An exception it raises
// propagates through the engine as nb::python_error.
using PythonSimulator = std::function<MatrixD(const MatrixD& theta, std::uint64_t seed)>;
PythonSimulator python_simulator(nb::object fn);

}  // namespace sbi::py
