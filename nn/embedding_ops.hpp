// Tape ops for the embedding networks.
//   reshape:          y = a read as rows×cols (same row-major data)      ā += ȳ (reshaped)
//   mean_pool_groups: y_i = (1/T) Σ_{t<T} a_{iT+t}   (a: (B·T)×H → B×H)  ā_{iT+t} += ȳ_i / T
//   conv1d (stride 1, zero padding p), x: B×(C_in·L) channel-major rows, W: C_out×(C_in·K),
//   b: 1×C_out, y: B×(C_out·L_out) with L_out = L + 2p - K + 1:
//     y[n, o·L_out + l] = b_o + Σ_c Σ_k W[o, c·K + k] · x[n, c·L + l + k - p]
//   computed as im2col U ((B·L_out)×(C_in·K)) and one GEMM Z = U·Wᵀ; backward:
//     W̄ += Z̄ᵀ·U,  b̄ += Σ_rows Z̄,  x̄ += col2im(Z̄·W).
//   time_step:        y[b, c] = x[b, c·L + t]  (x: B×(C·L) channel-major → B×C)  x̄[b, c·L + t] += ȳ[b, c]
// conv1d_reference() evaluates the sum above with plain loops (for tests).
#pragma once
#include "core/tape.hpp"

namespace sbi::nn {

ad::Var reshape(ad::Var a, Index rows, Index cols);
ad::Var mean_pool_groups(ad::Var a, Index group);
ad::Var time_step(ad::Var x, Index channels, Index length, Index t);

struct Conv1dShape {
  Index in_channels = 1;
  Index length = 1;
  Index kernel = 3;
  Index padding = 1;
  Index out_length() const { return length + 2 * padding - kernel + 1; }
};

ad::Var conv1d(ad::Var x, ad::Var weight, ad::Var bias, const Conv1dShape& shape);
MatrixF conv1d_reference(const MatrixF& x, const MatrixF& weight, const MatrixF& bias,
                         const Conv1dShape& shape);

}  // namespace sbi::nn
