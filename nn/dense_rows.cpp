// Tape-free dense layer for small batches (see dense_rows.hpp).
#include "nn/dense_rows.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "core/register_tile.hpp"

namespace sbi::nn {

namespace {

// One R-row × W-column tile (R ≤ kTileRows: the last rows of a batch take a smaller tile) of
// core/register_tile.hpp: y = b + Σ_k x_k·Wt_k (+ skip).
template <int W, int R>
struct DenseTile {
  static void run(const float* x, Index ldx, Index in, const float* wt, Index ldw, const float* bias,
                  const float* skip, Index lds, float* y, Index ldy) {
    float sum[R * W];
    tile::accumulate<W, R>(x, ldx, 1, in, wt, ldw, sum);
    for (int r = 0; r < R; ++r) {
      float* row = y + r * ldy;
      for (int j = 0; j < W; ++j) row[j] = bias[j] + sum[r * W + j];
      if (skip)
        for (int j = 0; j < W; ++j) row[j] += skip[r * lds + j];
    }
  }
};

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
    const Index tile_rows = std::min<Index>(kTileRows, rows - r);
    for (Index c = 0; c < width; c += kTileCols)
      tile::tile_for<DenseTile>(tile_rows, width - c >= kTileCols)(x + r * ldx, ldx, in_, wt_.data() + c, width, bias_.data() + c,
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
