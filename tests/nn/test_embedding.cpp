// Embedding nets and their ops: conv1d against the plain loop reference, gradient checks of
// conv1d, reshape, group pooling, the deep-set and convolutional embeddings; permutation
// invariance of the deep set; model-file round trips.
#include "core/errors.hpp"
#include "core/ops.hpp"
#include "nn/embedding.hpp"
#include "nn/module_io.hpp"
#include "nn_test_util.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::nn;
using sbi::test::random_matrix;
using sbi::test::require_gradients;

TEST_CASE("conv1d matches the direct sum and passes the gradient check") {
  Rng rng(51);
  for (Index padding : {0, 1, 2}) {
    CAPTURE(padding);
    const Conv1dShape s{2, 7, 3, padding};
    const MatrixF x = random_matrix(rng, 3, 14), w = random_matrix(rng, 4, 6), b = random_matrix(rng, 1, 4);
    ad::Tape tape;
    const MatrixF y = conv1d(tape.constant(x), tape.constant(w), tape.constant(b), s).value();
    const MatrixF ref = conv1d_reference(x, w, b, s);
    CHECK(y.cols() == 4 * s.out_length());
    CHECK((y - ref).cwiseAbs().maxCoeff() < 1e-5f);
    require_gradients([s](ad::Tape&, const std::vector<ad::Var>& in) { return conv1d(in[0], in[1], in[2], s); },
                      {x, w, b}, {});
  }
  ad::Tape tape;
  CHECK_THROWS_AS(conv1d(tape.constant(MatrixF::Zero(2, 5)), tape.constant(MatrixF::Zero(3, 6)),
                         tape.constant(MatrixF::Zero(1, 3)), Conv1dShape{2, 3, 3, 1}),
                  ShapeError);
}

TEST_CASE("reshape and mean_pool_groups: values and gradients") {
  Rng rng(52);
  const MatrixF a = random_matrix(rng, 6, 4);
  ad::Tape tape;
  const MatrixF pooled = mean_pool_groups(tape.constant(a), 3).value();
  CHECK(pooled.rows() == 2);
  CHECK((pooled.row(1) - (a.row(3) + a.row(4) + a.row(5)) / 3.f).cwiseAbs().maxCoeff() < 1e-6f);
  require_gradients([](ad::Tape&, const std::vector<ad::Var>& in) { return mean_pool_groups(in[0], 2); },
                    {a}, {});
  require_gradients([](ad::Tape&, const std::vector<ad::Var>& in) {
    return ad::tanh(reshape(in[0], 3, 8));
  }, {a}, {});
  CHECK_THROWS_AS(mean_pool_groups(tape.constant(a), 4), ShapeError);
  CHECK_THROWS_AS(reshape(tape.constant(a), 5, 5), ShapeError);
}

TEST_CASE("DeepSetEmbedding is permutation invariant over trials; gradient check") {
  Rng rng(53);
  DeepSetEmbeddingSettings c;
  c.trial_dim = 2;
  c.trials = 3;
  c.phi_hidden = {5};
  c.phi_out = 4;
  c.rho_hidden = {5};
  c.out = 3;
  c.activation = Activation::Tanh;
  DeepSetEmbedding net(c, rng);
  const MatrixF x = random_matrix(rng, 4, 6);
  MatrixF permuted(4, 6);  // trials in the order 2, 0, 1
  permuted << x.middleCols(4, 2), x.middleCols(0, 2), x.middleCols(2, 2);
  ad::Tape tape;
  const MatrixF y1 = net.forward(tape, tape.constant(x)).value();
  tape.reset();
  const MatrixF y2 = net.forward(tape, tape.constant(permuted)).value();
  CHECK(y1.rows() == 4);
  CHECK(y1.cols() == 3);
  CHECK((y1 - y2).cwiseAbs().maxCoeff() < 1e-5f);
  require_gradients([&](ad::Tape& t, const std::vector<ad::Var>& in) { return net.forward(t, in[0]); },
                    {x}, gradcheck_refs(net.parameters()));
  tape.reset();
  CHECK_THROWS_AS(net.forward(tape, tape.constant(MatrixF::Zero(2, 5))), ShapeError);
}

TEST_CASE("Conv1dEmbedding and FCEmbedding: gradient checks and model files") {
  Rng rng(54);
  Conv1dEmbeddingSettings c;
  c.channels = 2;
  c.length = 8;
  c.conv_channels = {3, 2};
  c.kernel = 3;
  c.pool = 2;
  c.head_hidden = {6};
  c.out = 3;
  c.activation = Activation::Silu;
  Conv1dEmbedding conv(c, rng);
  const MatrixF x = random_matrix(rng, 3, 16);
  require_gradients([&](ad::Tape& t, const std::vector<ad::Var>& in) { return conv.forward(t, in[0]); },
                    {x}, gradcheck_refs(conv.parameters()));
  const std::string path = (sbi::test::scratch_dir() / "conv.sbimodel").string();
  save_module(conv, path);
  Conv1dEmbedding conv2 = load_module<Conv1dEmbedding>(path);
  ad::Tape t1, t2;
  CHECK(MatrixF(conv.forward(t1, t1.constant(x)).value()) == MatrixF(conv2.forward(t2, t2.constant(x)).value()));
  c.length = 6;  // 6 → 3 cannot be pooled again by 2
  CHECK_THROWS_AS(Conv1dEmbedding(c, rng), ValueError);

  FCEmbedding fc({5, 4, 8, 2}, rng);
  CHECK(fc.num_parameters() == 5 * 8 + 8 + 8 * 8 + 8 + 8 * 4 + 4);
  const MatrixF xf = random_matrix(rng, 6, 5);
  // ReLU kinks: a small step keeps the finite differences on one side of them.
  ad::GradCheckSettings small_step;
  small_step.step = 2e-4f;
  small_step.atol = 5e-3;
  require_gradients([&](ad::Tape& t, const std::vector<ad::Var>& in) { return fc.forward(t, in[0]); },
                    {xf}, gradcheck_refs(fc.parameters()), small_step);
  save_module(fc, path);
  FCEmbedding fc2({5, 4, 8, 2}, rng);
  load_module_weights(fc2, path);
  t1.reset();
  t2.reset();
  CHECK(MatrixF(fc.forward(t1, t1.constant(xf)).value()) == MatrixF(fc2.forward(t2, t2.constant(xf)).value()));
  FCEmbedding fc3({5, 4, 9, 2}, rng);
  CHECK_THROWS_AS(load_module_weights(fc3, path), IOError);
  CHECK_THROWS_AS(load_module<DeepSetEmbedding>(path), IOError);
}
