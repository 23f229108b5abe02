// Proves that a steady-state forward+backward step of an MLP on the tape performs no heap
// allocation: global operator new is replaced by a counting version (allocation_counter.cpp).
#include <doctest/doctest.h>

#include "alloc/allocation_counter.hpp"
#include "core/ops.hpp"
#include "core/rng.hpp"
#include "nn/embedding_gru.hpp"

using namespace sbi;
using namespace sbi::ad;

namespace {
MatrixF random_matrix(Rng& rng, Index r, Index c) {
  MatrixF m(r, c);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.normal(0, 0.3));
  return m;
}
}  // namespace

TEST_CASE("steady-state forward+backward steps allocate nothing on the heap") {
  Rng rng(3);
  const Index batch = 512, width = 64;
  MatrixF x = random_matrix(rng, batch, 4), y = random_matrix(rng, batch, 1);
  MatrixF w1 = random_matrix(rng, width, 4), b1 = random_matrix(rng, 1, width);
  MatrixF w2 = random_matrix(rng, width, width), b2 = random_matrix(rng, 1, width);
  MatrixF w3 = random_matrix(rng, 1, width), b3 = random_matrix(rng, 1, 1);
  MatrixF gw1 = MatrixF::Zero(width, 4), gb1 = MatrixF::Zero(1, width);
  MatrixF gw2 = MatrixF::Zero(width, width), gb2 = MatrixF::Zero(1, width);
  MatrixF gw3 = MatrixF::Zero(1, width), gb3 = MatrixF::Zero(1, 1);
  MatrixF mask = MatrixF::Ones(width, width);
  std::vector<std::int64_t> rows(batch / 2);
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<std::int64_t>(2 * i);

  Tape tape;
  auto step = [&] {
    tape.reset();
    Var in = tape.constant(x), target = tape.constant(y);
    Var h = tanh(add(matmul_nt(in, tape.parameter(w1, gw1)), tape.parameter(b1, gb1)));
    h = relu(add(matmul_nt(h, mul_mask(tape.parameter(w2, gw2), mask)), tape.parameter(b2, gb2)));
    h = concat_cols(slice_cols(h, 0, width / 2), softplus(slice_cols(h, width / 2, width / 2)));
    Var out = add(matmul_nt(h, tape.parameter(w3, gw3)), tape.parameter(b3, gb3));
    Var loss = mean(square(sub(gather_rows(out, rows), gather_rows(target, rows))));
    loss = add(loss, mul_scalar(sum(logsumexp_rows(log_softmax_rows(h))), 1e-3f));
    tape.backward(loss);
  };
  for (int i = 0; i < 3; ++i) step();  // warm-up: the arena and node list reach their size
  const long before = sbi::test::heap_allocations();
  for (int i = 0; i < 10; ++i) step();
  const long during = sbi::test::heap_allocations() - before;
  CHECK(during == 0);
  CHECK(gw1.allFinite());
  CHECK(gw1.norm() > 0);
}

TEST_CASE("steady-state GRU embedding steps (forward+backward) allocate nothing on the heap") {
  Rng rng(4);
  sbi::nn::GruEmbedding gru({1, 40, 16, 4}, rng);
  const MatrixF x = random_matrix(rng, 64, 40);
  auto params = gru.parameters();
  Tape tape;
  auto step = [&] {
    tape.reset();
    Var loss = mean(square(gru.forward(tape, tape.constant(x))));
    tape.backward(loss);
  };
  for (int i = 0; i < 3; ++i) step();
  const long before = sbi::test::heap_allocations();
  for (int i = 0; i < 10; ++i) step();
  CHECK(sbi::test::heap_allocations() - before == 0);
  CHECK(params.front().param->grad.norm() > 0);
}
