// A dense layer evaluated without a tape, for the small batches an MCMC potential sees (one
// row per chain, thousands of calls):  y = act(x·Wᵀ + b [+ s]).
//
// The weight (already multiplied by its MADE mask) is transposed and padded ONCE, at
// construction: Wt is in×width, width = out rounded up to kTileCols/2, the padded columns and
// bias entries zero. apply() runs register tiles of kTileRows rows (fewer for the batch's last
// rows) × kTileCols columns (the last one may be half as wide) of core/register_tile.hpp, each
// giving b_j + (Σ_{k even} x_rk·Wt_kj + Σ_{k odd} x_rk·Wt_kj) in a fixed order, into caller-owned
// buffers: no tape, no packing, no allocation. Callers size their buffers with padded_rows(n)
// rows: the activation runs over whole vectors (its count rounded up into the padding rows), so
// every element takes Eigen's vectorised path, and since every row is computed by the same
// operations in any tile, a row's value does not depend on the batch it came in.
//
// The summation order differs from Eigen's GEMM on the tape, so results agree with the tape
// path to float rounding, not bit for bit (see flows/flow_evaluator.hpp; nn/residual_net_rows.hpp).
#pragma once
#include "core/register_tile.hpp"
#include "nn/activation.hpp"
#include "nn/linear.hpp"

namespace sbi::nn {

using tile::kTileCols;
using tile::kTileRows;
using tile::padded_cols;  // full tiles, then at most one half-width tile
using tile::padded_rows;

// A row-major scratch matrix of padded rows that only grows (rows beyond the batch stay finite).
struct RowBuffer {
  MatrixF m;
  void reserve(Index rows, Index cols);  // zero-filled when it grows
  float* data() { return m.data(); }
  const float* data() const { return m.data(); }
  Index ld() const { return m.cols(); }
};

class DenseRows {
 public:
  DenseRows() = default;
  // weight: out×in, bias: 1×out.
  DenseRows(const MatrixF& weight, const MatrixF& bias);
  explicit DenseRows(const Linear& layer);
  explicit DenseRows(const MaskedLinear& layer);  // W ⊙ M, computed here once

  Index in() const { return in_; }
  Index out() const { return out_; }
  Index width() const { return wt_.cols(); }

  // y ← act(x·Wᵀ + b + skip) for rows [0, rows) of y (which has padded_rows(rows) rows);
  // x: stride ldx ≥ in(); y: stride ldy ≥ width(); skip (optional, stride lds ≥ width()) is
  // added before act.
  void apply(const float* x, Index ldx, Index rows, float* y, Index ldy,
             Activation act = Activation::Identity, const float* skip = nullptr,
             Index lds = 0) const;

 private:
  Index in_ = 0, out_ = 0;
  MatrixF wt_;    // in × width
  MatrixF bias_;  // 1 × width
};

}  // namespace sbi::nn
