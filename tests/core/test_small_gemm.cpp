// The register-tiled small products (core/small_gemm.hpp) and the thin weight gradients
// (core/skinny_gemm.hpp) against a double-precision triple loop, within the float rounding bound
// of a k-term sum; a row's (an entry's) value independent of the rest of the batch (of the
// layer), bit for bit; the products each refuses.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "core/skinny_gemm.hpp"
#include "core/small_gemm.hpp"

using namespace sbi;

namespace {

MatrixF random_f(Index r, Index c, std::uint64_t seed) {
  Rng rng(seed);
  MatrixF m(r, c);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.normal());
  return m;
}

MatrixF transposed(const MatrixF& m) { return m.transpose(); }

ConstMapF cmap(const MatrixF& m) { return ConstMapF(m.data(), m.rows(), m.cols()); }
MapF map(MatrixF& m) { return MapF(m.data(), m.rows(), m.cols()); }

// op(A)·op(B) + beta·C0 in double, and the bound (k + 2)·ε·(Σ_k |a||b| + |c0|) of its float sum.
void reference(const MatrixF& a, const MatrixF& b, const MatrixF& c0, float beta, MatrixD& value, MatrixD& bound) {
  const double eps = std::numeric_limits<float>::epsilon();
  value = MatrixD::Zero(a.rows(), b.cols());
  bound = MatrixD::Zero(a.rows(), b.cols());
  for (Index i = 0; i < a.rows(); ++i)
    for (Index j = 0; j < b.cols(); ++j) {
      double sum = beta * double(c0(i, j)), magnitude = std::abs(beta * double(c0(i, j)));
      for (Index k = 0; k < a.cols(); ++k) {
        sum += double(a(i, k)) * double(b(k, j));
        magnitude += std::abs(double(a(i, k)) * double(b(k, j)));
      }
      value(i, j) = sum;
      bound(i, j) = double(a.cols() + 2) * eps * magnitude;
    }
}

// op(A) is m×k, op(B) k×n; A and B are stored as the transposes say.
MatrixF run(const MatrixF& op_a, Trans ta, const MatrixF& op_b, Trans tb, float beta, const MatrixF& c0) {
  const MatrixF a = ta == Trans::No ? op_a : transposed(op_a);
  const MatrixF b = tb == Trans::No ? op_b : transposed(op_b);
  MatrixF c = c0;
  small_gemm(cmap(a), ta, cmap(b), tb, beta, map(c));
  return c;
}

}  // namespace

TEST_CASE("small_gemm: the three products of a dense layer agree with the double-precision sum") {
  const std::pair<Trans, Trans> kinds[] = {{Trans::No, Trans::Yes}, {Trans::No, Trans::No}, {Trans::Yes, Trans::No}};
  std::uint64_t seed = 1;
  for (Index m : {1, 3, 4, 5, 6, 7, 13, 100})
    for (Index n : {1, 2, 7, 8, 9, 15, 16, 17, 50})
      for (Index k : {1, 2, 3, 50})
        for (auto [ta, tb] : kinds)
          for (float beta : {0.f, 1.f}) {
            CAPTURE(m);
            CAPTURE(n);
            CAPTURE(k);
            CAPTURE(int(ta));
            CAPTURE(int(tb));
            CAPTURE(beta);
            const MatrixF a = random_f(m, k, seed++), b = random_f(k, n, seed++), c0 = random_f(m, n, seed++);
            MatrixD value, bound;
            reference(a, b, c0, beta, value, bound);
            const MatrixF c = run(a, ta, b, tb, beta, c0);
            CHECK(((c.cast<double>() - value).cwiseAbs() - bound).maxCoeff() <= 0.0);
          }
}

TEST_CASE("small_gemm: a row's value does not depend on the other rows of its batch") {
  const MatrixF a = random_f(29, 50, 7), w = random_f(50, 50, 8);
  for (Trans tb : {Trans::No, Trans::Yes}) {
    const MatrixF all = run(a, Trans::No, w, tb, 0.f, MatrixF::Zero(29, 50));
    for (Index rows : {1, 2, 5, 6, 7})
      for (Index start = 0; start + rows <= 29; start += rows) {
        const MatrixF part = run(a.middleRows(start, rows), Trans::No, w, tb, 0.f, MatrixF::Zero(rows, 50));
        REQUIRE(part == all.middleRows(start, rows));
      }
  }
}

TEST_CASE("small_gemm with a bias equals setting (or adding) the bias first, then the product, bit for bit") {
  // What the fused forward of a layer relies on: dense_gemm_bias gives the same floats whether the
  // tiles add the bias in the product's pass or C gets the bias before the product accumulates.
  for (Index n : {7, 16, 50}) {
    const MatrixF a = random_f(13, 40, 20 + n), w = random_f(n, 40, 30 + n), c0 = random_f(13, n, 40 + n);
    const MatrixF bias = random_f(1, n, 50 + n);
    for (float beta : {0.f, 1.f}) {
      CAPTURE(n);
      CAPTURE(beta);
      MatrixF fused = c0, separate = c0;
      small_gemm(cmap(a), Trans::No, cmap(w), Trans::Yes, beta, map(fused), bias.data());
      if (beta == 0.f) separate.rowwise() = bias.row(0);
      else separate.rowwise() += bias.row(0);
      small_gemm(cmap(a), Trans::No, cmap(w), Trans::Yes, 1.f, map(separate));
      CHECK(fused == separate);
    }
  }
}

TEST_CASE("small_gemm: takes the dense layer's products at small sizes only; shapes are checked") {
  CHECK(small_gemm_takes(Trans::No, Trans::Yes, 100, 50, 50, 1.f, 0.f));
  CHECK(small_gemm_takes(Trans::No, Trans::No, 100, 50, 50, 1.f, 1.f));
  CHECK(small_gemm_takes(Trans::Yes, Trans::No, 50, 200, 50, 1.f, 1.f));
  CHECK_FALSE(small_gemm_takes(Trans::Yes, Trans::Yes, 100, 50, 50, 1.f, 0.f));
  CHECK_FALSE(small_gemm_takes(Trans::No, Trans::No, 100, 50, 50, 0.5f, 0.f));
  CHECK_FALSE(small_gemm_takes(Trans::No, Trans::No, 100, 50, 50, 1.f, 2.f));
  CHECK_FALSE(small_gemm_takes(Trans::No, Trans::No, 100, 4096, 4096, 1.f, 0.f));
  CHECK_FALSE(small_gemm_takes(Trans::No, Trans::Yes, 100, 2, 50, 1.f, 0.f));  // a 2 → 50 layer
  CHECK_FALSE(small_gemm_takes(Trans::No, Trans::Yes, 100, 50, 4, 1.f, 0.f));  // a 50 → 4 layer
  CHECK_FALSE(small_gemm_takes(Trans::Yes, Trans::No, 4, 100, 50, 1.f, 1.f));  // its weight gradient
  MatrixF a = random_f(4, 3, 1), b = random_f(5, 2, 2), c(4, 2);
  CHECK_THROWS_AS(small_gemm(cmap(a), Trans::No, cmap(b), Trans::No, 0.f, map(c)), ShapeError);
  MatrixF b2 = random_f(3, 2, 3);
  CHECK_THROWS_AS(small_gemm(cmap(a), Trans::No, cmap(b2), Trans::No, 0.5f, map(c)), ValueError);
  small_gemm(cmap(a), Trans::No, cmap(b2), Trans::No, 0.f, map(c));  // any size is computed when called directly
  CHECK((c - a * b2).cwiseAbs().maxCoeff() < 1e-5f);
}

TEST_CASE("skinny_gemm: the weight gradient Dᵀ·X of a thin layer agrees with the double-precision sum") {
  std::uint64_t seed = 100;
  for (Index m : {16, 17, 23, 24, 50, 63, 64})
    for (Index n : {1, 2, 3, 5, 7})
      for (Index k : {16, 17, 100})
        for (float beta : {0.f, 1.f}) {
          CAPTURE(m);
          CAPTURE(n);
          CAPTURE(k);
          CAPTURE(beta);
          REQUIRE(skinny_gemm_takes(Trans::Yes, Trans::No, m, k, n, 1.f, beta));
          const MatrixF d = random_f(k, m, seed++), x = random_f(k, n, seed++), c0 = random_f(m, n, seed++);
          MatrixD value, bound;
          reference(transposed(d), x, c0, beta, value, bound);
          MatrixF c = c0;
          skinny_gemm(cmap(d), Trans::Yes, cmap(x), Trans::No, beta, map(c));
          CHECK(((c.cast<double>() - value).cwiseAbs() - bound).maxCoeff() <= 0.0);
        }
}

TEST_CASE("skinny_gemm: an entry's value depends only on its own column of D and of X") {
  // Two layers that share D's column j and X's column c must get the same entry (j, c), bit for
  // bit, whatever the other outputs and inputs: the sum runs over l in order for every entry.
  const MatrixF d = random_f(100, 50, 11), x = random_f(100, 5, 12);
  MatrixF all = MatrixF::Zero(50, 5), fewer = MatrixF::Zero(50, 2), narrower = MatrixF::Zero(20, 5);
  skinny_gemm(cmap(d), Trans::Yes, cmap(x), Trans::No, 0.f, map(all));
  const MatrixF x2 = x.leftCols(2), d20 = d.leftCols(20);
  skinny_gemm(cmap(d), Trans::Yes, cmap(x2), Trans::No, 0.f, map(fewer));
  skinny_gemm(cmap(d20), Trans::Yes, cmap(x), Trans::No, 0.f, map(narrower));
  CHECK(fewer == all.leftCols(2));
  CHECK(narrower == all.topRows(20));
}

TEST_CASE("skinny_gemm: takes the thin weight gradients only; shapes are checked") {
  CHECK(skinny_gemm_takes(Trans::Yes, Trans::No, 50, 100, 2, 1.f, 1.f));  // a 2 → 50 layer's weights
  CHECK_FALSE(skinny_gemm_takes(Trans::Yes, Trans::No, 50, 100, 8, 1.f, 1.f));  // the tiles' width
  CHECK_FALSE(skinny_gemm_takes(Trans::Yes, Trans::No, 4, 100, 2, 1.f, 1.f));   // too few outputs
  CHECK_FALSE(skinny_gemm_takes(Trans::Yes, Trans::No, 65, 100, 2, 1.f, 1.f));  // a row beyond the registers
  CHECK_FALSE(skinny_gemm_takes(Trans::Yes, Trans::No, 50, 8, 2, 1.f, 1.f));    // a short sum
  CHECK_FALSE(skinny_gemm_takes(Trans::No, Trans::No, 50, 100, 2, 1.f, 1.f));
  CHECK_FALSE(skinny_gemm_takes(Trans::Yes, Trans::No, 50, 100, 2, 0.5f, 1.f));
  MatrixF d = random_f(100, 50, 1), x = random_f(99, 2, 2), c(50, 2);
  CHECK_THROWS_AS(skinny_gemm(cmap(d), Trans::Yes, cmap(x), Trans::No, 0.f, map(c)), ShapeError);
  MatrixF x8 = random_f(100, 8, 3), c8(50, 8);
  CHECK_THROWS_AS(skinny_gemm(cmap(d), Trans::Yes, cmap(x8), Trans::No, 0.f, map(c8)), ValueError);
}
