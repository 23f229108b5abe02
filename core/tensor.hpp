// Matrix aliases used throughout sbi++.
// Networks compute in float32 (as on the GPU); simulators, MCMC accumulators and diagnostics in
// double. Everything is row-major so that one row is one sample (a θ, an x, a chain).
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <cstdint>
#include <string>

namespace sbi {

using Index = Eigen::Index;

using MatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using VectorF = Eigen::VectorXf;
using VectorD = Eigen::VectorXd;
using RowVectorF = Eigen::RowVectorXf;
using RowVectorD = Eigen::RowVectorXd;

using MapF = Eigen::Map<MatrixF>;
using ConstMapF = Eigen::Map<const MatrixF>;
using MapD = Eigen::Map<MatrixD>;
using ConstMapD = Eigen::Map<const MatrixD>;

// Views that bind to a whole matrix or to a block of its rows (m.topRows(k)) without copying,
// for entry points that must not allocate (an MCMC step evaluates batches of varying size in
// buffers allocated once). Binding a Ref<const ...> to an expression that is not such a block
// makes Eigen copy it into a temporary, so pass plain matrices or row blocks.
using ConstRowsD = Eigen::Ref<const MatrixD>;
using RowsD = Eigen::Ref<MatrixD>;
using ValuesD = Eigen::Ref<VectorD>;

// Grows a buffer to at least `rows` rows of `cols` columns and never shrinks it, so a buffer
// reused for batches of varying size stops allocating once it has seen the largest; callers
// use its first rows (m.topRows(rows), v.head(rows)).
template <class M>
void reserve_rows(M& m, Index rows, Index cols) {
  if (m.rows() < rows || m.cols() != cols) m.resize(std::max(rows, m.rows()), cols);
}
template <class Scalar>
void reserve_rows(Eigen::Matrix<Scalar, Eigen::Dynamic, 1>& v, Index rows) {
  if (v.size() < rows) v.resize(rows);
}

// "rows×cols", for error messages.
template <class M>
std::string shape_of(const M& m) {
  return std::to_string(m.rows()) + "x" + std::to_string(m.cols());
}
inline std::string shape_str(Index rows, Index cols) {
  return std::to_string(rows) + "x" + std::to_string(cols);
}

// The number of rows holding a NaN or ±inf (e.g. failed simulations).
inline Index count_nonfinite_rows(const MatrixD& m) {
  Index n = 0;
  for (Index i = 0; i < m.rows(); ++i) n += m.row(i).allFinite() ? 0 : 1;
  return n;
}

}  // namespace sbi
