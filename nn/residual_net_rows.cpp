// Tape-free ResidualNet (see residual_net_rows.hpp).
#include "nn/residual_net_rows.hpp"

#include <algorithm>

namespace sbi::nn {

ResidualNetRows::ResidualNetRows(const ResidualNet& net)
    : act_(net.config().activation), out_act_(net.config().output_activation), input_(net.input_layer()),
      output_(net.output_layer()) {
  for (const auto& layer : net.block_layers()) blocks_.emplace_back(layer);
}

void ResidualNetRows::reserve(Index rows) {
  const Index n = padded_rows(rows);
  for (RowBuffer* b : {&h_, &g_, &t_, &u_}) b->reserve(n, input_.width());
  out_.reserve(n, output_.width());
}

const float* ResidualNetRows::forward(const float* x, Index ldx, Index rows) {
  reserve(rows);
  // Whole vectors for the activation (rounded up into the padding rows; see dense_rows.hpp).
  const Index whole = std::min(padded_rows(rows) * h_.ld(), (rows * h_.ld() + kTileCols - 1) / kTileCols * kTileCols);
  input_.apply(x, ldx, rows, h_.data(), h_.ld());
  RowBuffer *h = &h_, *next = &g_;
  for (std::size_t b = 0; b + 1 < blocks_.size(); b += 2) {
    std::copy(h->data(), h->data() + rows * h->ld(), t_.data());
    activation_forward(act_, t_.data(), whole);
    blocks_[b].apply(t_.data(), t_.ld(), rows, u_.data(), u_.ld(), act_);
    blocks_[b + 1].apply(u_.data(), u_.ld(), rows, next->data(), next->ld(), Activation::Identity, h->data(), h->ld());
    std::swap(h, next);
  }
  output_.apply(h->data(), h->ld(), rows, out_.data(), out_.ld(), out_act_);
  return out_.data();
}

}  // namespace sbi::nn
