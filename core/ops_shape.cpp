// Structural ops: concatenation and slicing of columns, row gathering, constant masks, select.
//   y = [a | b]          : ā += ȳ[:, :ca],  b̄ += ȳ[:, ca:]
//   y = a[:, s:s+k]      : ā[:, s:s+k] += ȳ
//   y_i = a_{idx_i}      : ā_{idx_i} += ȳ_i  (scatter-add; repeated indices accumulate)
//   y = a ⊙ M            : ā += ȳ ⊙ M
//   y = where(c, a, b)   : ā += ȳ ⊙ [c ≠ 0],  b̄ += ȳ ⊙ [c = 0]
#include <cstring>
#include <string>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "core/ops_util.hpp"
#include "core/stage_profile.hpp"

namespace sbi::ad {

namespace {

void concat_bw(Tape& t, const Node& n) {
  const MapF g = self_grad(n);
  Index offset = 0;
  for (int j = 0; j < n.num_inputs; ++j) {
    MapF gj = input_grad(t, n, j);
    const Index cols = t.node(n.inputs[j]).cols;
    if (gj.data()) gj += g.middleCols(offset, cols);
    offset += cols;
  }
}

void slice_bw(Tape& t, const Node& n) {
  input_grad(t, n, 0).middleCols(n.integer[0], n.cols) += self_grad(n);
}

void gather_bw(Tape& t, const Node& n) {
  const MapF g = self_grad(n);
  MapF ga = input_grad(t, n, 0);
  const auto* rows = static_cast<const std::int64_t*>(n.aux);
  for (Index i = 0; i < n.rows; ++i) ga.row(rows[i]) += g.row(i);
}

void mask_bw(Tape& t, const Node& n) {
  prof::StageScope scope(prof::Stage::Mask);
  const ConstMapF mask(static_cast<const float*>(n.aux), n.rows, n.cols);
  if (GradSink ga = input_grad_sink(t, n, 0)) ga.put((self_grad(n).array() * mask.array()).matrix());
}

void where_bw(Tape& t, const Node& n) {
  const ConstMapF cond(static_cast<const float*>(n.aux), n.rows, n.cols);
  const MapF g = self_grad(n);
  if (MapF ga = input_grad(t, n, 0); ga.data())
    add_reduced(ga, (cond.array() != 0.f).select(g.array(), 0.f).matrix());
  if (MapF gb = input_grad(t, n, 1); gb.data())
    add_reduced(gb, (cond.array() != 0.f).select(0.f, g.array()).matrix());
}

}  // namespace

Var concat_cols(std::span<const Var> parts) {
  if (parts.empty()) throw ShapeError("concat_cols: no inputs");
  const Index rows = parts[0].rows();
  Index cols = 0;
  for (const Var& p : parts) {
    if (p.rows() != rows)
      throw ShapeError("concat_cols: row counts differ, " + shape_str(rows, parts[0].cols()) +
                       " and " + shape_str(p.rows(), p.cols()));
    cols += p.cols();
  }
  Tape& t = *parts[0].tape();
  Var y = t.record(rows, cols, concat_bw, parts.data(), static_cast<int>(parts.size()));
  MapF yv = y.value();
  Index offset = 0;
  for (const Var& p : parts) {
    yv.middleCols(offset, p.cols()) = p.value();
    offset += p.cols();
  }
  return y;
}

Var concat_cols(Var a, Var b) {
  const Var parts[2] = {a, b};
  return concat_cols(std::span<const Var>(parts, 2));
}

Var slice_cols(Var a, Index start, Index count) {
  if (start < 0 || count < 0 || start + count > a.cols())
    throw ShapeError("slice_cols: columns [" + std::to_string(start) + ", " +
                     std::to_string(start + count) + ") out of range for a " +
                     shape_str(a.rows(), a.cols()) + " matrix");
  Var y = a.tape()->record(a.rows(), count, slice_bw, {a});
  a.tape()->node(y.id()).integer[0] = start;
  y.value() = a.value().middleCols(start, count);
  return y;
}

Var gather_rows(Var a, std::span<const std::int64_t> rows) {
  Tape& t = *a.tape();
  auto* copy = t.arena().alloc<std::int64_t>(std::max<std::size_t>(rows.size(), 1));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i] < 0 || rows[i] >= a.rows())
      throw ShapeError("gather_rows: index " + std::to_string(rows[i]) + " at position " +
                       std::to_string(i) + " is out of range for " + std::to_string(a.rows()) +
                       " rows");
    copy[i] = rows[i];
  }
  Var y = t.record(static_cast<Index>(rows.size()), a.cols(), gather_bw, {a});
  t.node(y.id()).aux = copy;
  const MapF av = a.value();
  MapF yv = y.value();
  for (std::size_t i = 0; i < rows.size(); ++i) yv.row(static_cast<Index>(i)) = av.row(copy[i]);
  return y;
}

Var mul_mask(Var a, const MatrixF& mask, MaskStorage storage) {
  if (mask.rows() != a.rows() || mask.cols() != a.cols())
    throw ShapeError("mul_mask: mask is " + shape_of(mask) + " but the input is " +
                     shape_str(a.rows(), a.cols()));
  // Copied into the arena, a temporary mask is safe (backward runs later).
  Tape& t = *a.tape();
  const float* kept = mask.data();
  if (storage == MaskStorage::Copy) {
    const auto count = static_cast<std::size_t>(mask.size());
    auto* copy = t.arena().alloc<float>(std::max<std::size_t>(count, 1));
    std::memcpy(copy, mask.data(), sizeof(float) * count);
    kept = copy;
  }
  Var y = t.record(a.rows(), a.cols(), mask_bw, {a});
  t.node(y.id()).aux = kept;
  y.value() = (a.value().array() * mask.array()).matrix();
  return y;
}

Var where(const MatrixF& cond, Var a, Var b) {
  Index rows = 0, cols = 0;
  broadcast_shape("where", a.rows(), a.cols(), b.rows(), b.cols(), rows, cols);
  if (cond.rows() != rows || cond.cols() != cols)
    throw ShapeError("where: condition is " + shape_of(cond) + " but the operands broadcast to " +
                     shape_str(rows, cols));
  Tape& t = *a.tape();
  auto* c = t.arena().alloc<float>(static_cast<std::size_t>(rows * cols));
  std::memcpy(c, cond.data(), sizeof(float) * static_cast<std::size_t>(rows * cols));
  Var y = t.record(rows, cols, where_bw, {a, b});
  t.node(y.id()).aux = c;
  const MapF av = broadcast_to(t, a.value(), rows, cols);
  const MapF bv = broadcast_to(t, b.value(), rows, cols);
  y.value() = (cond.array() != 0.f).select(av.array(), bv.array()).matrix();
  return y;
}

}  // namespace sbi::ad
