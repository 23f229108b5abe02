// Column selection on the tape (permutations between flow transforms, coupling splits):
//   out_{:,j} = a_{:,cols[j]}        ā_{:,cols[j]} += out̄_{:,j}
// and row replication for broadcasting one context over many rows:
//   out_i = a_{rows[i]}  (core's gather_rows, with the index list kept in the tape's arena).
#pragma once
#include <span>

#include "core/tape.hpp"

namespace sbi::flows {

// cols are copied into the tape's arena, so the caller's storage may go away.
ad::Var select_cols(ad::Var a, std::span<const Index> cols);
// a (1×c) repeated to n×c, or a itself when it already has n rows.
ad::Var repeat_rows(ad::Var a, Index n);

}  // namespace sbi::flows
