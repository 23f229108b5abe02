// MADE masks and the autoregressive property (checked on the Jacobian from the tape),
// permutations and the LU-linear layer.
#include <doctest/doctest.h>

#include <Eigen/LU>
#include <cmath>

#include "core/errors.hpp"
#include "core/gradcheck.hpp"
#include "core/ops.hpp"
#include "flows/autoregressive.hpp"
#include "flows/lu_linear.hpp"
#include "flows/made.hpp"
#include "flows/permutation.hpp"

using namespace sbi;
using namespace sbi::flows;

namespace {

// J(o, i) = |∂out_o/∂x_i| summed over a few random inputs (row 0 of each).
template <class F>
MatrixF abs_jacobian(Index in, Index out, F f) {
  MatrixF j = MatrixF::Zero(out, in);
  Rng rng(3, 0);
  for (int trial = 0; trial < 3; ++trial) {
    MatrixF x(1, in);
    for (Index i = 0; i < in; ++i) x(0, i) = static_cast<float>(rng.normal());
    for (Index o = 0; o < out; ++o) {
      ad::Tape tape;
      ad::Var xv = tape.variable(x);
      ad::Var y = f(tape, xv);
      MatrixF seed = MatrixF::Zero(1, out);
      seed(0, o) = 1;
      tape.backward(y, seed);
      j.row(o) += xv.grad().cwiseAbs();
    }
  }
  return j;
}

}  // namespace

TEST_CASE("MADE degrees and masks") {
  Rng rng(1, 0);
  CHECK(made_input_degrees(3) == std::vector<Index>{1, 2, 3});
  CHECK(made_hidden_degrees(5, 3, false, rng) == std::vector<Index>{1, 2, 1, 2, 1});
  for (Index d : made_hidden_degrees(50, 4, true, rng)) CHECK((d >= 1 && d <= 3));
  CHECK(made_output_degrees(2, 2, false) == std::vector<Index>{1, 2, 1, 2});
  CHECK(made_output_degrees(2, 2, true) == std::vector<Index>{1, 1, 2, 2});
  const MatrixF h = made_mask({1, 2}, {1, 2}, false), o = made_mask({1, 2}, {1, 2}, true);
  CHECK(h(0, 0) == 1);
  CHECK(h(0, 1) == 0);
  CHECK(h(1, 0) == 1);
  CHECK(o(0, 0) == 0);
  CHECK(o(1, 0) == 1);
  CHECK(o(1, 1) == 0);
}

TEST_CASE("MADE outputs depend only on earlier inputs (sequential and random masks)") {
  for (bool random : {false, true})
    for (bool feature_major : {false, true}) {
      MadeSettings c;
      c.features = 5;
      c.hidden = 12;
      c.multiplier = 3;
      c.random_mask = random;
      c.feature_major = feature_major;
      c.mask_seed = 4;
      Rng rng(2, 0);
      MADE made(c, rng);
      const MatrixF j = abs_jacobian(5, 15, [&](ad::Tape& t, ad::Var x) { return made.forward(t, x, {}); });
      const auto degrees = made_output_degrees(5, 3, feature_major);
      for (Index o = 0; o < 15; ++o)
        for (Index i = 0; i < 5; ++i) {
          if (i + 1 >= degrees[static_cast<std::size_t>(o)]) CHECK(j(o, i) == 0.f);
        }
      // Sequential masks connect every allowed pair (the last output sees all earlier inputs).
      if (!random) CHECK(j(feature_major ? 14 : 4, 3) > 0.f);
    }
}

TEST_CASE("MAF layer: triangular Jacobian, log-det matches it, inverse is exact") {
  MadeSettings c;
  c.features = 4;
  c.hidden = 16;
  c.context = 2;
  Rng rng(6, 0);
  AffineAutoregressive layer(c, rng);
  MatrixF ctx(1, 2);
  ctx << 0.3f, -1.2f;
  const MatrixF j = abs_jacobian(4, 4, [&](ad::Tape& t, ad::Var x) {
    return layer.forward(t, x, t.constant(ctx)).z;
  });
  for (Index o = 0; o < 4; ++o)
    for (Index i = o + 1; i < 4; ++i) CHECK(j(o, i) == 0.f);
  // log|det| = Σ log ∂z_i/∂x_i for a triangular Jacobian.
  MatrixF x(1, 4);
  x << 0.5f, -0.4f, 1.1f, 0.2f;
  double logdiag = 0;
  for (Index i = 0; i < 4; ++i) {
    ad::Tape t;
    ad::Var xv = t.variable(x);
    MatrixF seed = MatrixF::Zero(1, 4);
    seed(0, i) = 1;
    t.backward(layer.forward(t, xv, t.constant(ctx)).z, seed);
    logdiag += std::log(std::abs(xv.grad()(0, i)));
  }
  ad::Tape t;
  TransformResult r = layer.forward(t, t.constant(x), t.constant(ctx));
  CHECK(std::abs(r.logdet.value()(0, 0) - logdiag) < 1e-4);
  const MatrixF back = layer.inverse(r.z.value(), ctx);
  CHECK((back - x).cwiseAbs().maxCoeff() < 1e-5f);
}

TEST_CASE("permutations and LU-linear invert exactly; LU log-det is log|det W|") {
  const auto perm = random_permutation(6, 3);
  Permutation p(perm);
  MatrixF x = MatrixF::Random(5, 6);
  ad::Tape t;
  MatrixF z = p.forward(t, t.constant(x), {}).z.value();
  for (Index j = 0; j < 6; ++j) CHECK(z.col(j) == x.col(perm[static_cast<std::size_t>(j)]));
  CHECK(p.inverse(z, MatrixF()) == x);
  CHECK(reversal_permutation(3) == std::vector<Index>{2, 1, 0});
  CHECK_THROWS_AS(Permutation({0, 0}), ValueError);

  Rng rng(8, 0);
  LULinear lu(3, false, rng);
  MatrixF y = MatrixF::Random(4, 3);
  ad::Tape t2;
  TransformResult r = lu.forward(t2, t2.constant(y), {});
  CHECK(std::abs(r.logdet.value()(0, 0) - std::log(std::abs(lu.weight().determinant()))) < 1e-5);
  CHECK((lu.inverse(r.z.value(), MatrixF()) - y).cwiseAbs().maxCoeff() < 1e-5f);
  LULinear identity(3, true, rng);
  ad::Tape t3;
  CHECK((identity.forward(t3, t3.constant(y), {}).z.value() - y).cwiseAbs().maxCoeff() < 1e-6f);
  // Gradients of the LU layer w.r.t. input and parameters.
  auto refs = nn::gradcheck_refs(lu.parameters());
  auto f = [&](ad::Tape& tape, const std::vector<ad::Var>& in) {
    TransformResult res = lu.forward(tape, in[0], {});
    return ad::add(ad::row_sums(res.z), res.logdet);
  };
  const auto report = ad::check_gradients(f, {y}, refs);
  INFO(report.detail);
  CHECK(report.passed);
}
