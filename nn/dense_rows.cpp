// Tape-free dense layer for small batches (see dense_rows.hpp).
#include "nn/dense_rows.hpp"

#include <algorithm>
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

// One R-row × (lanes of V) tile (R ≤ kTileRows: the last rows of a batch take a smaller tile):
// acc = b + Σ_k x_k·Wt_k (+ skip), stored into y. Even and odd k accumulate separately (2R
// independent chains, enough to keep the FMA units busy when a chain's latency exceeds its
// issue rate, as with half-width vectors) and are added at the end. Every row is computed by the
// same operations whatever R, so a row's value does not depend on the batch it came in.
template <class V, int R>
void dense_tile(const float* x, Index ldx, Index in, const float* wt, Index ldw, const float* bias,
                const float* skip, Index lds, float* y, Index ldy) {
  V e[R], o[R];
  for (int r = 0; r < R; ++r) e[r] = o[r] = V{};
  Index k = 0;
  for (; k + 1 < in; k += 2) {
    const V w = load_lane<V>(wt + k * ldw), v = load_lane<V>(wt + (k + 1) * ldw);
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) {
      e[r] += x[r * ldx + k] * w;
      o[r] += x[r * ldx + k + 1] * v;
    }
  }
  if (k < in) {
    const V w = load_lane<V>(wt + k * ldw);
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) e[r] += x[r * ldx + k] * w;
  }
  const V b = load_lane<V>(bias);
#pragma GCC unroll 4
  for (int r = 0; r < R; ++r) {
    V acc = b + (e[r] + o[r]);
    if (skip) acc += load_lane<V>(skip + r * lds);
    store_lane(y + r * ldy, acc);
  }
}

using TileFn = void (*)(const float*, Index, Index, const float*, Index, const float*, const float*, Index, float*,
                        Index);

// The tile for `rows` (1..kTileRows) rows and a full or half-width column block.
TileFn tile_for(Index rows, bool full) {
  static constexpr TileFn full_tiles[] = {dense_tile<Lane, 1>, dense_tile<Lane, 2>, dense_tile<Lane, 3>,
                                          dense_tile<Lane, 4>};
  static constexpr TileFn half_tiles[] = {dense_tile<HalfLane, 1>, dense_tile<HalfLane, 2>,
                                          dense_tile<HalfLane, 3>, dense_tile<HalfLane, 4>};
  return (full ? full_tiles : half_tiles)[rows - 1];
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
  const Index width = wt_.cols();
  for (Index r = 0; r < rows; r += kTileRows) {
    const Index tile_rows = std::min(kTileRows, rows - r);
    for (Index c = 0; c < width; c += kTileCols)
      tile_for(tile_rows, width - c >= kTileCols)(x + r * ldx, ldx, in_, wt_.data() + c, width, bias_.data() + c,
                                                  skip ? skip + r * lds + c : nullptr, lds, y + r * ldy + c, ldy);
  }
  if (act == Activation::Identity) return;
  if (ldy == width) {
    // Whole vectors only (the count rounded up into the padding rows): every element takes the
    // vectorised path, whatever the batch size.
    const Index count = std::min(padded_rows(rows) * ldy, (rows * ldy + kTileCols - 1) / kTileCols * kTileCols);
    activation_forward(act, y, count);
  } else {
    for (Index r = 0; r < rows; ++r) activation_forward(act, y + r * ldy, width);
  }
}

}  // namespace sbi::nn
