// A trained ResidualNet evaluated without a tape, for the small repeated batches of MCMC
// potentials (NRE's log-ratio, NSF's coupling conditioners): the same function as
// ResidualNet::forward,
//   h = [x | c]·W_inᵀ + b_in,  h ← h + L₁(act(L₀(act(h)))) per block,  y = out_act(h·W_outᵀ + b_out),
// with the weights copied ONCE into DenseRows (nn/dense_rows.hpp) and grow-only buffers, so a
// call records no tape nodes and, once the buffers have seen the largest batch, allocates
// nothing. Values agree with the tape path to float rounding (a different summation order).
// Not thread-safe: one per potential or flow evaluator.
#pragma once
#include <vector>

#include "nn/dense_rows.hpp"
#include "nn/residual_net.hpp"

namespace sbi::nn {

class ResidualNetRows {
 public:
  ResidualNetRows() = default;
  explicit ResidualNetRows(const ResidualNet& net);

  // Columns of the input: the net's x columns followed by its context columns.
  Index in() const { return input_.in(); }
  Index out() const { return output_.out(); }
  void reserve(Index rows);
  // The outputs for the first `rows` rows of x (padded_rows(rows) rows, stride ldx ≥ in(), the
  // padding rows finite): returns the output buffer, stride ld().
  const float* forward(const float* x, Index ldx, Index rows);
  Index ld() const { return out_.ld(); }

 private:
  Activation act_ = Activation::Relu, out_act_ = Activation::Identity;
  DenseRows input_, output_;
  std::vector<DenseRows> blocks_;  // 2 per residual block
  RowBuffer h_, g_, t_, u_, out_;
};

}  // namespace sbi::nn
