// Tape-free dense layer for small batches (see dense_rows.hpp).
#include "nn/dense_rows.hpp"

#include <cstring>

#include "core/errors.hpp"

namespace sbi::nn {

namespace {

// kTileCols (or kTileCols/2, for a last narrow tile) floats as one GCC/Clang vector (one AVX-512
// register, two AVX ones, or what the target has): the accumulators stay in registers.
typedef float Lane __attribute__((vector_size(kTileCols * sizeof(float))));
typedef float HalfLane __attribute__((vector_size(kTileCols / 2 * sizeof(float))));

template <class V>
inline V load_lane(const float* p) {
  V v;
  std::memcpy(&v, p, sizeof(V));
  return v;
}
template <class V>
inline void store_lane(float* p, V v) { std::memcpy(p, &v, sizeof(V)); }

// One kTileRows × (lanes of V) tile: acc = b + Σ_k x_k·Wt_k (+ skip), stored into y. Even and
// odd k accumulate separately (8 independent chains, enough to keep the FMA units busy when a
// chain's latency exceeds its issue rate, as with half-width vectors) and are added at the end.
template <class V>
void dense_tile(const float* x, Index ldx, Index in, const float* wt, Index ldw, const float* bias,
                const float* skip, Index lds, float* y, Index ldy) {
  V e0 = {}, e1 = {}, e2 = {}, e3 = {}, o0 = {}, o1 = {}, o2 = {}, o3 = {};
  const float *x0 = x, *x1 = x + ldx, *x2 = x + 2 * ldx, *x3 = x + 3 * ldx;
  Index k = 0;
  for (; k + 1 < in; k += 2) {
    const V w = load_lane<V>(wt + k * ldw), v = load_lane<V>(wt + (k + 1) * ldw);
    e0 += x0[k] * w;
    e1 += x1[k] * w;
    e2 += x2[k] * w;
    e3 += x3[k] * w;
    o0 += x0[k + 1] * v;
    o1 += x1[k + 1] * v;
    o2 += x2[k + 1] * v;
    o3 += x3[k + 1] * v;
  }
  if (k < in) {
    const V w = load_lane<V>(wt + k * ldw);
    e0 += x0[k] * w;
    e1 += x1[k] * w;
    e2 += x2[k] * w;
    e3 += x3[k] * w;
  }
  const V b = load_lane<V>(bias);
  V acc0 = b + (e0 + o0), acc1 = b + (e1 + o1), acc2 = b + (e2 + o2), acc3 = b + (e3 + o3);
  if (skip) {
    acc0 += load_lane<V>(skip);
    acc1 += load_lane<V>(skip + lds);
    acc2 += load_lane<V>(skip + 2 * lds);
    acc3 += load_lane<V>(skip + 3 * lds);
  }
  store_lane(y, acc0);
  store_lane(y + ldy, acc1);
  store_lane(y + 2 * ldy, acc2);
  store_lane(y + 3 * ldy, acc3);
}

}  // namespace

void RowBuffer::reserve(Index rows, Index cols) {
  if (m.rows() < rows || m.cols() != cols) m = MatrixF::Zero(std::max(rows, m.rows()), cols);
}

DenseRows::DenseRows(const MatrixF& weight, const MatrixF& bias)
    : in_(weight.cols()), out_(weight.rows()) {
  require_shape("DenseRows bias", bias, 1, out_);
  wt_ = MatrixF::Zero(in_, padded_cols(out_));
  wt_.leftCols(out_) = weight.transpose();
  bias_ = MatrixF::Zero(1, wt_.cols());
  bias_.leftCols(out_) = bias;
}

DenseRows::DenseRows(const Linear& layer) : DenseRows(layer.weight.value, layer.bias.value) {}

DenseRows::DenseRows(const MaskedLinear& layer)
    : DenseRows(MatrixF(layer.weight.value.cwiseProduct(layer.mask())), layer.bias.value) {}

void DenseRows::apply(const float* x, Index ldx, Index rows, float* y, Index ldy,
                      Activation act, const float* skip, Index lds) const {
  const Index n = padded_rows(rows), width = wt_.cols();
  for (Index r = 0; r < n; r += kTileRows)
    for (Index c = 0; c < width; c += kTileCols)
      (width - c >= kTileCols ? dense_tile<Lane> : dense_tile<HalfLane>)(
          x + r * ldx, ldx, in_, wt_.data() + c, width, bias_.data() + c, skip ? skip + r * lds + c : nullptr, lds,
          y + r * ldy + c, ldy);
  if (act == Activation::Identity) return;
  if (ldy == width) {
    activation_forward(act, y, n * ldy);
  } else {
    for (Index r = 0; r < n; ++r) activation_forward(act, y + r * ldy, width);
  }
}

}  // namespace sbi::nn
