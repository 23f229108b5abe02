// The tape-free ResidualNet (nn/residual_net_rows.hpp) against ResidualNet::forward on the
// tape: equal to float rounding for nets with and without context columns, several blocks and
// activations, batches that are and are not multiples of the row tile, and a row's value does
// not depend on the batch it comes in. Tolerance: each product sums ≤ 64 terms in another order
// (|Δ| ≤ 64·2⁻²⁴·Σ|x_k w_k| ≈ 4·10⁻⁶ of the terms' size) through ≤ 6 layers; 2·10⁻⁵·(1 + |y|).
#include <doctest/doctest.h>

#include <cmath>

#include "core/rng.hpp"
#include "nn/residual_net_rows.hpp"

using namespace sbi;
using namespace sbi::nn;

namespace {

MatrixF normal_matrix(Index rows, Index cols, std::uint64_t seed) {
  Rng rng(seed, 0);
  MatrixF m(rows, cols);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.normal());
  return m;
}

MatrixF tape_forward(ResidualNet& net, const MatrixF& x, const MatrixF& context) {
  NoGradScope no_grad;
  ad::Tape tape;
  return net.forward(tape, tape.constant(x), context.cols() > 0 ? tape.constant(context) : ad::Var{}).value();
}

}  // namespace

TEST_CASE("ResidualNetRows equals ResidualNet::forward to float rounding") {
  for (const Index context : {0, 3}) {
    for (const Activation act : {Activation::Relu, Activation::Tanh}) {
      CAPTURE(context);
      ResidualNetSettings c;
      c.in = 4;
      c.out = 5;
      c.hidden = 50;
      c.blocks = 2;
      c.context = context;
      c.activation = act;
      Rng rng(7, 0);
      ResidualNet net(c, rng);
      ResidualNetRows rows_net(net);
      for (const Index rows : {1, 4, 13}) {
        CAPTURE(rows);
        const MatrixF x = normal_matrix(rows, 4, 10 + static_cast<std::uint64_t>(rows));
        const MatrixF ctx = normal_matrix(rows, context, 20 + static_cast<std::uint64_t>(rows));
        const MatrixF want = tape_forward(net, x, ctx);
        RowBuffer input;
        input.reserve(padded_rows(rows), 4 + context);
        for (Index r = 0; r < rows; ++r) {
          for (Index j = 0; j < 4; ++j) input.data()[r * input.ld() + j] = x(r, j);
          for (Index k = 0; k < context; ++k) input.data()[r * input.ld() + 4 + k] = ctx(r, k);
        }
        const float* got = rows_net.forward(input.data(), input.ld(), rows);
        for (Index r = 0; r < rows; ++r)
          for (Index j = 0; j < 5; ++j) {
            const double g = got[r * rows_net.ld() + j], w = want(r, j);
            CHECK(std::abs(g - w) <= 2e-5 * (1.0 + std::abs(w)));
          }
        const float first = got[0];
        CHECK(rows_net.forward(input.data(), input.ld(), 1)[0] == first);  // batch-independent
      }
    }
  }
}
