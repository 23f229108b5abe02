// Every autodiff op against finite differences (core/gradcheck.hpp), including broadcast
// shapes and extreme inputs, plus forward values against plain formulas.
#include <doctest/doctest.h>

#include <cmath>

#include "core/errors.hpp"
#include "core/gradcheck.hpp"
#include "core/ops.hpp"
#include "core/rng.hpp"

using namespace sbi;
using namespace sbi::ad;

namespace {

MatrixF random_matrix(Index r, Index c, std::uint64_t seed, double lo = -1.5, double hi = 1.5) {
  Rng rng(seed);
  MatrixF m(r, c);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.uniform(lo, hi));
  return m;
}

// Values kept at least `gap` away from zero (for ops with a kink or a pole at 0).
MatrixF away_from_zero(Index r, Index c, std::uint64_t seed, double gap = 0.2) {
  MatrixF m = random_matrix(r, c, seed);
  for (Index i = 0; i < m.size(); ++i) {
    float& v = m.data()[i];
    if (std::abs(v) < gap) v = v < 0 ? v - float(gap) : v + float(gap);
  }
  return m;
}

void expect_gradients_ok(const GradFunction& f, const std::vector<MatrixF>& inputs,
                         const char* what) {
  const GradCheckReport r = check_gradients(f, inputs);
  INFO(what << ": " << r.detail << " (excess " << r.worst_excess << ")");
  CHECK(r.passed);
  CHECK(r.entries_checked > 0);
}

using Unary = Var (*)(Var);

}  // namespace

TEST_CASE("matrix products") {
  const MatrixF a = random_matrix(3, 4, 1), b = random_matrix(4, 5, 2), bt = random_matrix(5, 4, 3);
  const MatrixF at = random_matrix(4, 3, 4);
  expect_gradients_ok([](Tape&, const std::vector<Var>& v) { return matmul(v[0], v[1]); }, {a, b}, "matmul");
  expect_gradients_ok([](Tape&, const std::vector<Var>& v) { return matmul_nt(v[0], v[1]); }, {a, bt}, "matmul_nt");
  expect_gradients_ok([](Tape&, const std::vector<Var>& v) { return matmul_tn(v[0], v[1]); }, {at, b}, "matmul_tn");
  Tape t;
  CHECK(MatrixF(matmul(t.constant(a), t.constant(b)).value()).isApprox(a * b, 1e-6f));
  CHECK_THROWS_AS(matmul(t.constant(a), t.constant(a)), ShapeError);
}

TEST_CASE("products large enough to run in parallel blocks match Eigen") {
  const MatrixF a = random_matrix(300, 70, 5), b = random_matrix(70, 90, 6);
  Tape t;
  const MatrixF c = matmul(t.constant(a), t.constant(b)).value();
  CHECK(c.isApprox(a * b, 1e-5f));
}

TEST_CASE("broadcasting arithmetic over every shape pairing") {
  const Index r = 3, c = 4;
  const std::vector<std::pair<Index, Index>> shapes = {{r, c}, {1, c}, {r, 1}, {1, 1}};
  using Binary = Var (*)(Var, Var);
  const std::pair<const char*, Binary> ops[] = {{"add", add}, {"sub", sub}, {"mul", mul}, {"div", div}};
  std::uint64_t seed = 10;
  for (auto [name, op] : ops)
    for (auto [ar, ac] : shapes)
      for (auto [br, bc] : shapes) {
        const MatrixF a = random_matrix(ar, ac, ++seed);
        MatrixF b = away_from_zero(br, bc, ++seed, 0.5);
        CAPTURE(name);
        CAPTURE(ar); CAPTURE(ac); CAPTURE(br); CAPTURE(bc);
        expect_gradients_ok([op](Tape&, const std::vector<Var>& v) { return op(v[0], v[1]); },
                            {a, b}, name);
      }
  Tape t;
  const MatrixF a = random_matrix(3, 4, 1), row = random_matrix(1, 4, 2), col = random_matrix(3, 1, 3);
  MatrixF expected = a;
  expected.rowwise() += row.row(0);
  CHECK(MatrixF(add(t.constant(a), t.constant(row)).value()).isApprox(expected));
  expected = a;
  for (Index i = 0; i < 3; ++i) expected.row(i) *= col(i, 0);
  CHECK(MatrixF(mul(t.constant(col), t.constant(a)).value()).isApprox(expected));
  CHECK_THROWS_AS(add(t.constant(a), t.constant(random_matrix(2, 4, 9))), ShapeError);
}

TEST_CASE("elementwise functions") {
  const MatrixF x = random_matrix(3, 4, 20);
  const MatrixF positive = random_matrix(3, 4, 21, 0.2, 3.0);
  const MatrixF kinked = away_from_zero(3, 4, 22);
  const std::pair<const char*, Unary> smooth[] = {
      {"neg", neg}, {"exp", exp}, {"square", square}, {"tanh", tanh}, {"sigmoid", sigmoid},
      {"silu", silu}, {"softplus", softplus}};
  for (auto [name, op] : smooth)
    expect_gradients_ok([op](Tape&, const std::vector<Var>& v) { return op(v[0]); }, {x}, name);
  const std::pair<const char*, Unary> on_positive[] = {{"log", log}, {"sqrt", sqrt}, {"log1p", log1p}};
  for (auto [name, op] : on_positive)
    expect_gradients_ok([op](Tape&, const std::vector<Var>& v) { return op(v[0]); }, {positive}, name);
  const std::pair<const char*, Unary> with_kink[] = {{"abs", abs}, {"relu", relu}};
  for (auto [name, op] : with_kink)
    expect_gradients_ok([op](Tape&, const std::vector<Var>& v) { return op(v[0]); }, {kinked}, name);
  expect_gradients_ok([](Tape&, const std::vector<Var>& v) { return elu(v[0], 0.7f); }, {kinked}, "elu");
  expect_gradients_ok([](Tape&, const std::vector<Var>& v) { return pow_scalar(v[0], 2.5f); }, {positive}, "pow");
  expect_gradients_ok([](Tape&, const std::vector<Var>& v) { return pow_scalar(v[0], 3.f); }, {x}, "pow integer");
  expect_gradients_ok([](Tape&, const std::vector<Var>& v) { return add_scalar(v[0], 2.f); }, {x}, "add_scalar");
  expect_gradients_ok([](Tape&, const std::vector<Var>& v) { return mul_scalar(v[0], -3.f); }, {x}, "mul_scalar");
  expect_gradients_ok([](Tape&, const std::vector<Var>& v) { return clamp(v[0], -0.5f, 0.7f); },
                      {away_from_zero(3, 4, 23, 0.1)}, "clamp");
  expect_gradients_ok([](Tape&, const std::vector<Var>& v) { return 1.f - v[0] / 2.f + 3.f * -v[0]; },
                      {x}, "operators");
}

TEST_CASE("stable functions at extreme inputs") {
  MatrixF big(1, 6);
  big << -200.f, -90.f, -20.f, 20.f, 90.f, 200.f;
  Tape t;
  Var x = t.variable(big);
  const MatrixF sp = softplus(x).value();
  CHECK(sp.allFinite());
  CHECK(sp(0, 0) == doctest::Approx(0.0));
  CHECK(sp(0, 5) == doctest::Approx(200.0));
  CHECK(sp(0, 3) == doctest::Approx(20.0).epsilon(1e-6));
  const MatrixF sg = sigmoid(x).value();
  CHECK(sg.allFinite());
  CHECK(sg(0, 0) == doctest::Approx(0.0));
  CHECK(sg(0, 5) == doctest::Approx(1.0));
  Var lse = logsumexp_rows(x);
  CHECK(lse.value()(0, 0) == doctest::Approx(200.0));
  t.backward(sum(add(softplus(x), lse)));
  CHECK(MatrixF(x.grad()).allFinite());
  // Gradient checks of the stable ops at large (but finite-difference friendly) inputs.
  MatrixF wide(2, 3);
  wide << -30.f, -8.f, 5.f, 12.f, 40.f, -60.f;
  expect_gradients_ok([](Tape&, const std::vector<Var>& v) { return softplus(v[0]); }, {wide}, "softplus wide");
  expect_gradients_ok([](Tape&, const std::vector<Var>& v) { return logsumexp_rows(v[0]); }, {wide}, "lse wide");
  expect_gradients_ok([](Tape&, const std::vector<Var>& v) { return log_softmax_rows(v[0]); }, {wide}, "log_softmax wide");
}

TEST_CASE("reductions") {
  const MatrixF x = random_matrix(4, 5, 30);
  const std::pair<const char*, Unary> ops[] = {
      {"sum", sum}, {"mean", mean}, {"row_sums", row_sums}, {"row_means", row_means},
      {"col_sums", col_sums}, {"col_means", col_means}, {"logsumexp_rows", logsumexp_rows},
      {"log_softmax_rows", log_softmax_rows}};
  for (auto [name, op] : ops)
    expect_gradients_ok([op](Tape&, const std::vector<Var>& v) { return op(v[0]); }, {x}, name);
  Tape t;
  Var v = t.constant(x);
  CHECK(sum(v).value()(0, 0) == doctest::Approx(x.sum()).epsilon(1e-5));
  CHECK(MatrixF(row_means(v).value()).isApprox(MatrixF(x.rowwise().mean())));
  CHECK(MatrixF(col_sums(v).value()).isApprox(MatrixF(x.colwise().sum())));
  const MatrixF ls = log_softmax_rows(v).value();
  for (Index i = 0; i < 4; ++i) CHECK(ls.row(i).array().exp().sum() == doctest::Approx(1.0));
}

TEST_CASE("structural ops") {
  const MatrixF a = random_matrix(3, 2, 40), b = random_matrix(3, 4, 41), c = random_matrix(3, 1, 42);
  expect_gradients_ok(
      [](Tape&, const std::vector<Var>& v) {
        const Var parts[3] = {v[0], v[1], v[2]};
        return concat_cols(std::span<const Var>(parts, 3));
      },
      {a, b, c}, "concat_cols");
  expect_gradients_ok([](Tape&, const std::vector<Var>& v) { return slice_cols(v[0], 1, 2); }, {b}, "slice_cols");
  const std::vector<std::int64_t> rows = {2, 0, 2, 1};
  expect_gradients_ok([&rows](Tape&, const std::vector<Var>& v) { return gather_rows(v[0], rows); }, {b}, "gather_rows");
  const MatrixF mask = (random_matrix(3, 4, 43).array() > 0.f).cast<float>();
  expect_gradients_ok([&mask](Tape&, const std::vector<Var>& v) { return mul_mask(v[0], mask); }, {b}, "mul_mask");
  expect_gradients_ok([&mask](Tape&, const std::vector<Var>& v) { return mul_mask(v[0], mask, MaskStorage::Borrow); },
                      {b}, "mul_mask, borrowed mask");
  const MatrixF cond = (random_matrix(3, 4, 44).array() > 0.f).cast<float>();
  expect_gradients_ok([&cond](Tape&, const std::vector<Var>& v) { return where(cond, v[0], v[1]); },
                      {b, random_matrix(1, 4, 45)}, "where (broadcast b)");
  Tape t;
  Var vb = t.constant(b);
  CHECK(MatrixF(gather_rows(vb, rows).value()).row(0) == b.row(2));
  CHECK_THROWS_AS(slice_cols(vb, 3, 2), ShapeError);
  const std::vector<std::int64_t> bad = {0, 3};
  CHECK_THROWS_AS(gather_rows(vb, bad), ShapeError);
  CHECK_THROWS_AS(mul_mask(vb, MatrixF::Ones(2, 2)), ShapeError);
  CHECK_THROWS_AS(concat_cols(vb, t.constant(random_matrix(2, 2, 1))), ShapeError);
}

TEST_CASE("a composite network-like expression") {
  const MatrixF x = random_matrix(5, 3, 50), w = random_matrix(4, 3, 51), bias = random_matrix(1, 4, 52);
  expect_gradients_ok(
      [](Tape&, const std::vector<Var>& v) {
        Var h = tanh(add(matmul_nt(v[0], v[1]), v[2]));
        return log_softmax_rows(concat_cols(h, softplus(h)));
      },
      {x, w, bias}, "composite");
}
