// Layers: the fused linear op against its reference composition (values and gradients), the
// masked one against linear on mul_mask (bit for bit),
// gradient checks of Linear, MaskedLinear, MLP and ResidualNet w.r.t. inputs and parameters,
// initialisation bounds and shape errors.
#include <cmath>

#include "core/errors.hpp"
#include "core/small_gemm.hpp"
#include "core/ops.hpp"
#include "nn/dense_gemm.hpp"
#include "nn/linear_op.hpp"
#include "nn/mlp.hpp"
#include "nn/residual_net.hpp"
#include "nn_test_util.hpp"

using namespace sbi;
using namespace sbi::nn;
using sbi::test::random_matrix;
using sbi::test::require_gradients;

namespace {
const Activation kAll[] = {Activation::Identity, Activation::Relu,    Activation::Tanh,
                           Activation::Elu,      Activation::Silu,    Activation::Sigmoid,
                           Activation::Softplus};
}

TEST_CASE("fused linear matches the reference composition in value and gradient") {
  // Inside a SerialGemmScope (the trainer's chunks) the fused op's three products run on the
  // register tiles of core/small_gemm.hpp; the reference composition stays on Eigen's GEMM.
  // The sizes are ones the tiles take for all three products (small_gemm_takes).
  Rng rng(11);
  const MatrixF x = random_matrix(rng, 37, 33, 1.5);
  const MatrixF w = random_matrix(rng, 40, 33, 0.2), b = random_matrix(rng, 1, 40);
  const MatrixF seed = random_matrix(rng, 37, 40);
  REQUIRE(small_gemm_takes(Trans::No, Trans::Yes, 37, 33, 40, 1.f, 1.f));  // forward
  REQUIRE(small_gemm_takes(Trans::No, Trans::No, 37, 40, 33, 1.f, 1.f));   // input gradient
  REQUIRE(small_gemm_takes(Trans::Yes, Trans::No, 40, 37, 33, 1.f, 1.f));  // weight gradient
  for (const bool serial : {false, true})
  for (Activation act : kAll) {
    CAPTURE(serial);
    CAPTURE(activation_name(act));
    SerialGemmScope scope(serial);
    MatrixF grads[2][3];
    MatrixF values[2];
    for (int fused = 0; fused < 2; ++fused) {
      ad::Tape tape;
      ad::Var xv = tape.variable(x), wv = tape.variable(w), bv = tape.variable(b);
      ad::Var y = fused ? linear(xv, wv, bv, act) : linear_reference(xv, wv, bv, act);
      tape.backward(y, seed);
      values[fused] = y.value();
      grads[fused][0] = xv.grad();
      grads[fused][1] = wv.grad();
      grads[fused][2] = bv.grad();
    }
    CHECK((values[0] - values[1]).cwiseAbs().maxCoeff() <= 1e-5f * (1 + values[0].cwiseAbs().maxCoeff()));
    for (int k = 0; k < 3; ++k) {
      const float scale = 1 + grads[0][k].cwiseAbs().maxCoeff();
      CHECK((grads[0][k] - grads[1][k]).cwiseAbs().maxCoeff() <= 1e-4f * scale);
    }
  }
}

TEST_CASE("fused linear with a skip input matches the reference composition") {
  // act((x·Wᵀ + b) + s), MADE's first layer with its context term.
  Rng rng(13);
  const MatrixF x = random_matrix(rng, 37, 9, 1.5), s = random_matrix(rng, 37, 13);
  const MatrixF w = random_matrix(rng, 13, 9, 0.5), b = random_matrix(rng, 1, 13);
  const MatrixF seed = random_matrix(rng, 37, 13);
  for (Activation act : kAll) {
    CAPTURE(activation_name(act));
    MatrixF values[2], skip_grads[2], weight_grads[2];
    for (int fused = 0; fused < 2; ++fused) {
      ad::Tape tape;
      ad::Var xv = tape.variable(x), wv = tape.variable(w), bv = tape.variable(b), sv = tape.variable(s);
      ad::Var y = fused ? linear(xv, wv, bv, act, sv) : linear_reference(xv, wv, bv, act, sv);
      tape.backward(y, seed);
      values[fused] = y.value();
      skip_grads[fused] = sv.grad();
      weight_grads[fused] = wv.grad();
    }
    CHECK((values[0] - values[1]).cwiseAbs().maxCoeff() <= 1e-5f * (1 + values[0].cwiseAbs().maxCoeff()));
    CHECK((skip_grads[0] - skip_grads[1]).cwiseAbs().maxCoeff() <= 1e-5f * (1 + skip_grads[0].cwiseAbs().maxCoeff()));
    CHECK((weight_grads[0] - weight_grads[1]).cwiseAbs().maxCoeff() <=
          1e-4f * (1 + weight_grads[0].cwiseAbs().maxCoeff()));
    require_gradients([act](ad::Tape&, const std::vector<ad::Var>& in) {
      return linear(in[0], in[1], in[2], act, in[3]);
    }, {random_matrix(rng, 6, 5), random_matrix(rng, 4, 5, 0.5), random_matrix(rng, 1, 4), random_matrix(rng, 6, 4)}, {});
  }
}

TEST_CASE("fused linear whose skip input is its own input x gets both of x's adjoints") {
  // y = act(x·Wᵀ + b + x): x̄ = d·W + d (the product's write assigns x's adjoint, the skip's adds).
  Rng rng(14);
  const MatrixF x = random_matrix(rng, 12, 32), w = random_matrix(rng, 32, 32, 0.2), b = random_matrix(rng, 1, 32);
  const MatrixF seed = random_matrix(rng, 12, 32);
  for (bool serial : {false, true}) {
    SerialGemmScope scope(serial);
    MatrixF grads[2];
    for (int fused = 0; fused < 2; ++fused) {
      ad::Tape tape;
      ad::Var xv = tape.variable(x), wv = tape.variable(w), bv = tape.variable(b);
      ad::Var y = fused ? linear(xv, wv, bv, Activation::Tanh, xv)
                        : linear_reference(xv, wv, bv, Activation::Tanh, xv);
      tape.backward(y, seed);
      grads[fused] = xv.grad();
    }
    CHECK((grads[0] - grads[1]).cwiseAbs().maxCoeff() <= 1e-5f * (1 + grads[0].cwiseAbs().maxCoeff()));
  }
  require_gradients([](ad::Tape&, const std::vector<ad::Var>& in) {
    return linear(in[0], in[1], in[2], Activation::Tanh, in[0]);
  }, {random_matrix(rng, 6, 4), random_matrix(rng, 4, 4, 0.5), random_matrix(rng, 1, 4)}, {});
}

TEST_CASE("fused linear passes the finite-difference gradient check for every activation") {
  Rng rng(12);
  const MatrixF x = random_matrix(rng, 6, 5), w = random_matrix(rng, 4, 5, 0.5),
                b = random_matrix(rng, 1, 4);
  for (Activation act : kAll) {
    CAPTURE(activation_name(act));
    require_gradients(
        [act](ad::Tape&, const std::vector<ad::Var>& in) { return linear(in[0], in[1], in[2], act); },
        {x, w, b}, {});
    require_gradients([act](ad::Tape&, const std::vector<ad::Var>& in) {
      return linear(in[0], in[1], ad::Var(), act);
    }, {x, w}, {});
  }
  require_gradients([](ad::Tape&, const std::vector<ad::Var>& in) {
    return linear_add(in[0], in[1], in[2], in[3]);
  }, {x, w, b, random_matrix(rng, 6, 4)}, {});
  // Inside a SerialGemmScope, at sizes where all three products run on the register tiles.
  SerialGemmScope serial;
  require_gradients([](ad::Tape&, const std::vector<ad::Var>& in) {
    return linear(in[0], in[1], in[2], Activation::Tanh);
  }, {random_matrix(rng, 12, 32), random_matrix(rng, 8, 32, 0.2), random_matrix(rng, 1, 8)}, {});
}

TEST_CASE("Linear: PyTorch default initialisation bounds and gradient check") {
  Rng rng(1);
  Linear layer(16, 8, rng);
  const float bound = 1.f / 4.f;
  CHECK(layer.weight.value.rows() == 8);
  CHECK(layer.weight.value.cols() == 16);
  CHECK(layer.weight.value.cwiseAbs().maxCoeff() <= bound);
  CHECK(layer.bias.value.cwiseAbs().maxCoeff() <= bound);
  // Uniform: the sample sd is near bound/√3 (128 draws: relative SE ≈ 6%).
  const double sd = std::sqrt(layer.weight.value.array().square().mean());
  CHECK(std::abs(sd - bound / std::sqrt(3.0)) < 0.25 * bound / std::sqrt(3.0));
  Linear small(3, 2, rng);
  const MatrixF x = random_matrix(rng, 5, 3);
  require_gradients([&](ad::Tape& t, const std::vector<ad::Var>& in) {
    return small.forward(t, in[0], Activation::Tanh);
  }, {x}, gradcheck_refs(small.parameters()));
  CHECK_THROWS_AS(Linear(0, 3, rng), ValueError);
}

TEST_CASE("masked_linear equals linear on mul_mask(W, M) bit for bit, and passes the gradient check") {
  // MADE's layers: W⊙M formed in the step's memory instead of a node; the same sums, so the same
  // values and gradients to the last bit, on Eigen and (in a SerialGemmScope) on the tiles.
  Rng rng(17);
  MatrixF mask(40, 33);
  for (Index i = 0; i < mask.size(); ++i) mask.data()[i] = rng.uniform() < 0.6 ? 1.f : 0.f;
  const MatrixF x = random_matrix(rng, 37, 33, 1.5), s = random_matrix(rng, 37, 40);
  const MatrixF w = random_matrix(rng, 40, 33, 0.2), b = random_matrix(rng, 1, 40);
  const MatrixF seed = random_matrix(rng, 37, 40);
  for (const bool serial : {false, true})
    for (Activation act : kAll) {
      CAPTURE(serial);
      CAPTURE(activation_name(act));
      SerialGemmScope scope(serial);
      MatrixF values[2], grads[2][4];
      for (int masked = 0; masked < 2; ++masked) {
        ad::Tape tape;
        ad::Var xv = tape.variable(x), wv = tape.variable(w), bv = tape.variable(b), sv = tape.variable(s);
        ad::Var y = masked ? masked_linear(xv, wv, mask, bv, act, sv)
                           : linear(xv, ad::mul_mask(wv, mask, ad::MaskStorage::Borrow), bv, act, sv);
        tape.backward(y, seed);
        values[masked] = y.value();
        grads[masked][0] = xv.grad();
        grads[masked][1] = wv.grad();
        grads[masked][2] = bv.grad();
        grads[masked][3] = sv.grad();
      }
      CHECK(values[0] == values[1]);
      for (int k = 0; k < 4; ++k) CHECK(grads[0][k] == grads[1][k]);
      CHECK((grads[1][1].array() * (1 - mask.array())).abs().maxCoeff() == 0.f);
    }
  const MatrixF small_mask = (MatrixF(4, 5) << 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1).finished();
  require_gradients([&](ad::Tape&, const std::vector<ad::Var>& in) {
    return masked_linear(in[0], in[1], small_mask, in[2], Activation::Silu, in[3]);
  }, {random_matrix(rng, 6, 5), random_matrix(rng, 4, 5, 0.5), random_matrix(rng, 1, 4), random_matrix(rng, 6, 4)}, {});
  ad::Tape tape;
  const MatrixF wrong(4, 4);
  CHECK_THROWS_AS(masked_linear(tape.variable(random_matrix(rng, 6, 5)), tape.variable(random_matrix(rng, 4, 5)), wrong,
                                tape.variable(random_matrix(rng, 1, 4))),
                  ShapeError);
}

TEST_CASE("MaskedLinear: masked weights have no effect and get no gradient") {
  Rng rng(2);
  MatrixF mask(4, 3);
  mask << 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1;
  MaskedLinear layer(mask, rng);
  const MatrixF x = random_matrix(rng, 7, 3);
  require_gradients([&](ad::Tape& t, const std::vector<ad::Var>& in) {
    return layer.forward(t, in[0], Activation::Relu);
  }, {x}, gradcheck_refs(layer.parameters()));
  // Output 0 depends on input 0 only.
  ad::Tape tape;
  ad::Var xv = tape.variable(x);
  ad::Var y = layer.forward(tape, xv);
  layer.zero_grad();
  MatrixF seed = MatrixF::Zero(7, 4);
  seed.col(0).setOnes();
  tape.backward(y, seed);
  CHECK(xv.grad().col(1).cwiseAbs().maxCoeff() == 0.f);
  CHECK(xv.grad().col(2).cwiseAbs().maxCoeff() == 0.f);
  CHECK((layer.weight.grad.array() * (1 - mask.array())).abs().maxCoeff() == 0.f);
  MatrixF bad(2, 2);
  bad << 1, 0.5, 0, 1;
  CHECK_THROWS_AS(MaskedLinear(bad, rng), ValueError);
}

TEST_CASE("MLP: gradient check w.r.t. inputs and parameters; fused equals reference") {
  Rng rng(3);
  MLP net({4, {6, 5}, 2, Activation::Tanh, Activation::Softplus}, rng);
  CHECK(net.num_parameters() == 4 * 6 + 6 + 6 * 5 + 5 + 5 * 2 + 2);
  const MatrixF x = random_matrix(rng, 8, 4);
  require_gradients([&](ad::Tape& t, const std::vector<ad::Var>& in) { return net.forward(t, in[0]); },
                    {x}, gradcheck_refs(net.parameters()));
  ad::Tape tape;
  const MatrixF fused = net.forward(tape, tape.constant(x)).value();
  net.set_fused(false);
  tape.reset();
  const MatrixF reference = net.forward(tape, tape.constant(x)).value();
  CHECK((fused - reference).cwiseAbs().maxCoeff() < 1e-5f);
  tape.reset();
  CHECK_THROWS_AS(net.forward(tape, tape.constant(MatrixF::Zero(2, 3))), ShapeError);
}

TEST_CASE("ResidualNet: gradient check with and without context") {
  Rng rng(4);
  for (Activation act : {Activation::Relu, Activation::Tanh, Activation::Silu}) {
    CAPTURE(activation_name(act));
    ResidualNet net({3, 2, 6, 2, 0, act, Activation::Softplus}, rng);
    // Larger last-layer weights so that the blocks matter in the check.
    for (auto& p : net.parameters()) p.param->init_uniform(rng, 0.6);
    const MatrixF x = random_matrix(rng, 5, 3);
    require_gradients([&](ad::Tape& t, const std::vector<ad::Var>& in) { return net.forward(t, in[0]); },
                      {x}, gradcheck_refs(net.parameters()));
  }
  ResidualNet ctx_net({3, 2, 5, 1, 2, Activation::Elu, Activation::Identity}, rng);
  for (auto& p : ctx_net.parameters()) p.param->init_uniform(rng, 0.6);
  require_gradients([&](ad::Tape& t, const std::vector<ad::Var>& in) {
    return ctx_net.forward(t, in[0], in[1]);
  }, {random_matrix(rng, 4, 3), random_matrix(rng, 4, 2)}, gradcheck_refs(ctx_net.parameters()));
  ad::Tape tape;
  CHECK_THROWS_AS(ctx_net.forward(tape, tape.constant(MatrixF::Zero(4, 3))), ShapeError);
}

TEST_CASE("ResidualNet: fused and reference paths agree") {
  Rng rng(5);
  ResidualNet net({4, 1, 16, 3, 0, Activation::Relu, Activation::Softplus}, rng);
  for (auto& p : net.parameters()) p.param->init_uniform(rng, 0.3);
  const MatrixF x = random_matrix(rng, 50, 4);
  MatrixF out[2], grad[2];
  for (int fused = 0; fused < 2; ++fused) {
    net.set_fused(fused == 1);
    net.zero_grad();
    ad::Tape tape;
    ad::Var y = net.forward(tape, tape.constant(x));
    tape.backward(ad::mean(y));
    out[fused] = y.value();
    grad[fused] = net.parameters()[2].param->grad;
  }
  CHECK((out[0] - out[1]).cwiseAbs().maxCoeff() < 1e-5f);
  CHECK((grad[0] - grad[1]).cwiseAbs().maxCoeff() < 1e-5f * (1 + grad[0].cwiseAbs().maxCoeff()));
}

TEST_CASE("activation names round-trip; unknown names are rejected") {
  for (Activation a : kAll) CHECK(activation_from_name(activation_name(a)) == a);
  CHECK_THROWS_AS(activation_from_name("swish"), NotFoundError);
}
