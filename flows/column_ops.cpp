// Column selection and row repetition ops (see column_ops.hpp).
#include "flows/column_ops.hpp"

#include <algorithm>
#include <string>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "core/ops_util.hpp"

namespace sbi::flows {

namespace {

void select_cols_backward(ad::Tape& t, const ad::Node& n) {
  MapF ga = ad::input_grad(t, n, 0);
  if (!ga.data()) return;
  const MapF g = ad::self_grad(n);
  const auto* cols = static_cast<const Index*>(n.aux);
  for (Index j = 0; j < n.cols; ++j) ga.col(cols[j]) += g.col(j);
}

}  // namespace

ad::Var select_cols(ad::Var a, std::span<const Index> cols) {
  for (Index c : cols)
    if (c < 0 || c >= a.cols())
      throw ShapeError("select_cols: column " + std::to_string(c) + " out of range for a " +
                       shape_str(a.rows(), a.cols()) + " input");
  ad::Tape& t = *a.tape();
  const auto count = static_cast<Index>(cols.size());
  ad::Var out = t.record(a.rows(), count, select_cols_backward, {a});
  Index* stored = t.arena().alloc<Index>(std::max<std::size_t>(cols.size(), 1));
  std::copy(cols.begin(), cols.end(), stored);
  t.node(out.id()).aux = stored;
  MapF av = a.value(), ov = out.value();
  for (Index j = 0; j < count; ++j) ov.col(j) = av.col(stored[j]);
  return out;
}

ad::Var repeat_rows(ad::Var a, Index n) {
  if (a.rows() == n) return a;
  if (a.rows() != 1)
    throw ShapeError("repeat_rows: cannot repeat a " + shape_str(a.rows(), a.cols()) +
                     " input to " + std::to_string(n) + " rows (needs 1 or " +
                     std::to_string(n) + " rows)");
  ad::Tape& t = *a.tape();
  auto* rows = t.arena().alloc<std::int64_t>(static_cast<std::size_t>(std::max<Index>(n, 1)));
  std::fill_n(rows, n, std::int64_t{0});
  return ad::gather_rows(a, std::span<const std::int64_t>(rows, static_cast<std::size_t>(n)));
}

}  // namespace sbi::flows
