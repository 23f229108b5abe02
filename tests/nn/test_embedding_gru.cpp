// The GRU embedding: values against a plain double-precision loop over PyTorch's GRU
// equations, the generic gradient check (inputs and every parameter), shape errors, model
// files; the time_step op; embedding specs (parsing, text form, construction of every kind).
#include <cmath>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "nn/embedding_gru.hpp"
#include "nn/embedding_spec.hpp"
#include "nn/module_io.hpp"
#include "nn_test_util.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::nn;
using sbi::test::random_matrix;
using sbi::test::require_gradients;

namespace {

double sigmoid(double v) { return 1.0 / (1.0 + std::exp(-v)); }

// h_t of the GRU equations (embedding_gru.hpp) with plain loops, then the linear head.
MatrixD gru_reference(GruEmbedding& net, const MatrixF& x) {
  const auto& c = net.config();
  ParamList params = net.parameters();
  auto value = [&](const std::string& name) -> MatrixD {
    for (auto& p : params)
      if (p.name == name) return p.param->value.cast<double>();
    FAIL("no parameter " << name);
    return {};
  };
  const MatrixD wi = value("input.weight"), bi = value("input.bias"), wh = value("hidden.weight"),
                bh = value("hidden.bias"), wo = value("head.weight"), bo = value("head.bias");
  const Index hd = c.hidden;
  MatrixD out(x.rows(), c.out);
  for (Index b = 0; b < x.rows(); ++b) {
    VectorD h = VectorD::Zero(hd);
    for (Index t = 0; t < c.length; ++t) {
      VectorD xt(c.channels);
      for (Index ch = 0; ch < c.channels; ++ch) xt(ch) = x(b, ch * c.length + t);
      const VectorD gi = wi * xt + bi.transpose(), gh = wh * h + bh.transpose();
      VectorD hn(hd);
      for (Index j = 0; j < hd; ++j) {
        const double r = sigmoid(gi(j) + gh(j)), z = sigmoid(gi(hd + j) + gh(hd + j));
        const double n = std::tanh(gi(2 * hd + j) + r * gh(2 * hd + j));
        hn(j) = (1 - z) * n + z * h(j);
      }
      h = hn;
    }
    out.row(b) = (wo * h + bo.transpose()).transpose();
  }
  return out;
}

}  // namespace

TEST_CASE("time_step picks one step of every channel; gradient check") {
  Rng rng(61);
  const MatrixF x = random_matrix(rng, 3, 10);  // 2 channels x 5 steps
  ad::Tape tape;
  const MatrixF y = time_step(tape.constant(x), 2, 5, 3).value();
  CHECK(y.cols() == 2);
  CHECK(y(1, 0) == x(1, 3));
  CHECK(y(2, 1) == x(2, 8));
  require_gradients([](ad::Tape&, const std::vector<ad::Var>& in) { return ad::tanh(time_step(in[0], 2, 5, 4)); },
                    {x}, {});
  CHECK_THROWS_AS(time_step(tape.constant(x), 2, 5, 5), ShapeError);
  CHECK_THROWS_AS(time_step(tape.constant(x), 3, 5, 0), ShapeError);
}

TEST_CASE("GruEmbedding matches the GRU equations and passes the gradient check") {
  Rng rng(62);
  GruEmbedding net({2, 6, 5, 3}, rng);
  CHECK(net.num_parameters() == 15 * 2 + 15 + 15 * 5 + 15 + 3 * 5 + 3);
  const MatrixF x = random_matrix(rng, 4, 12);
  ad::Tape tape;
  const MatrixF y = net.forward(tape, tape.constant(x)).value();
  CHECK(y.rows() == 4);
  CHECK(y.cols() == 3);
  CHECK((y.cast<double>() - gru_reference(net, x)).cwiseAbs().maxCoeff() < 1e-5);
  require_gradients([&](ad::Tape& t, const std::vector<ad::Var>& in) { return net.forward(t, in[0]); },
                    {x}, gradcheck_refs(net.parameters()));
  tape.reset();
  CHECK_THROWS_AS(net.forward(tape, tape.constant(MatrixF::Zero(2, 11))), ShapeError);
  CHECK_THROWS_AS(GruEmbedding({1, 0, 4, 2}, rng), ValueError);

  const std::string path = (sbi::test::scratch_dir() / "gru.sbimodel").string();
  save_module(net, path);
  GruEmbedding net2 = load_module<GruEmbedding>(path);
  ad::Tape t1, t2;
  CHECK(MatrixF(net.forward(t1, t1.constant(x)).value()) == MatrixF(net2.forward(t2, t2.constant(x)).value()));
}

// Issue 37's question why the GRU learns a 20-step series more slowly than fc: not the backward
// pass (checked here against finite differences over a whole 20-step sequence, every parameter
// and every input step), but the memory of a freshly initialised GRU: with update gates
// z ≈ σ(0) = ½, step t's influence on h_L decays roughly like Π z ≈ 2^−(L−t), so the gradient
// reaching the first steps is orders of magnitude below the last step's, and features that need
// the whole series (a slope) are learned only once the gates open — the plateau documented in
// bench/results/embedding_gru_learning.md. Pinned: ∂e/∂x_1 is < 10⁻³ of ∂e/∂x_L at initialisation.
TEST_CASE("GruEmbedding over a whole 20-step sequence: finite-difference gradients; fading memory at initialisation") {
  Rng rng(64);
  GruEmbedding net({1, 20, 8, 2}, rng);
  const MatrixF x = random_matrix(rng, 3, 20);
  require_gradients([&](ad::Tape& t, const std::vector<ad::Var>& in) { return net.forward(t, in[0]); },
                    {x}, gradcheck_refs(net.parameters()));

  GruEmbedding wide({1, 20, 32, 8}, rng);  // the size of the Hodgkin–Huxley demo
  const MatrixF series = random_matrix(rng, 200, 20);
  ad::Tape tape;
  const ad::Var input = tape.variable(series);
  const ad::Var e = wide.forward(tape, input);
  tape.backward(e, MatrixF::Ones(e.rows(), e.cols()));
  const MatrixF g = input.grad();
  const double first = g.col(0).cwiseAbs().mean(), last = g.col(19).cwiseAbs().mean();
  MESSAGE("mean |de/dx_t| at initialisation: step 1 " << first << ", step 10 " << g.col(9).cwiseAbs().mean()
                                                      << ", step 20 " << last);
  CHECK(last > 0);
  CHECK(first < 1e-3 * last);
}

TEST_CASE("embedding specs: parsing, text form, file keys and every kind built") {
  const EmbeddingSpec gru = parse_embedding_spec("gru:hidden=16:out=4:channels=2");
  CHECK(gru.kind == EmbeddingKind::gru);
  CHECK(gru.hidden == 16);
  CHECK(gru.out == 4);
  CHECK(parse_embedding_spec(gru.str()).str() == gru.str());
  CHECK_FALSE(parse_embedding_spec("none").enabled());
  CHECK_THROWS_AS(parse_embedding_spec("lstm"), ValueError);
  CHECK_THROWS_AS(parse_embedding_spec("gru:hidden"), ValueError);
  CHECK_THROWS_AS(parse_embedding_spec("gru:width=3"), ValueError);
  CHECK_THROWS_AS(parse_embedding_spec("gru:hidden=1.5"), ValueError);
  CHECK_THROWS_AS(parse_embedding_spec("none:out=3"), ValueError);
  CHECK_THROWS_AS(parse_embedding_spec("conv1d:kernel=4").validate(16), ValueError);
  CHECK_THROWS_AS(gru.validate(7), ValueError);  // 7 values are not 2 channels

  Architecture a;
  write_embedding_spec(a, gru);
  CHECK(read_embedding_spec(a).str() == gru.str());
  CHECK_FALSE(read_embedding_spec(Architecture()).enabled());

  Rng rng(63);
  const MatrixF x = random_matrix(rng, 3, 16);
  for (const char* text : {"fc:out=5", "deepset:channels=2:out=5:hidden=8", "conv1d:out=5:hidden=8:layers=2",
                           "gru:out=5:hidden=8"}) {
    CAPTURE(text);
    auto net = build_embedding(parse_embedding_spec(text), 16, rng);
    REQUIRE(net);
    CHECK(net->out_dim() == 5);
    ad::Tape tape;
    const MatrixF y = net->forward(tape, tape.constant(x)).value();
    CHECK(y.rows() == 3);
    CHECK(y.cols() == 5);
    CHECK(y.allFinite());
  }
  CHECK(build_embedding(EmbeddingSpec{}, 16, rng) == nullptr);
}
