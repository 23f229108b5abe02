// The deterministic parallel GEMM against a naive triple loop, for every transpose
// combination, and bit-identical results for 1 and 2 threads.
#include <doctest/doctest.h>

#include "core/errors.hpp"
#include "core/gemm.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"

using namespace sbi;

namespace {

MatrixD random_d(Index r, Index c, std::uint64_t seed) {
  Rng rng(seed);
  MatrixD m(r, c);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = rng.normal();
  return m;
}

MatrixD naive(const MatrixD& a, const MatrixD& b) {
  MatrixD c = MatrixD::Zero(a.rows(), b.cols());
  for (Index i = 0; i < a.rows(); ++i)
    for (Index j = 0; j < b.cols(); ++j)
      for (Index k = 0; k < a.cols(); ++k) c(i, j) += a(i, k) * b(k, j);
  return c;
}

}  // namespace

TEST_CASE("gemm matches the naive product for all transposes, alpha and beta") {
  for (auto [m, k, n] : {std::tuple<Index, Index, Index>{3, 4, 5}, {130, 70, 90}, {40, 300, 200}}) {
    const MatrixD a = random_d(m, k, 1), b = random_d(k, n, 2), c0 = random_d(m, n, 3);
    const MatrixD expected = 0.5 * naive(a, b) + 2.0 * c0;
    const MatrixD at = a.transpose(), bt = b.transpose();
    for (Trans ta : {Trans::No, Trans::Yes})
      for (Trans tb : {Trans::No, Trans::Yes}) {
        const MatrixD& aa = ta == Trans::No ? a : at;
        const MatrixD& bb = tb == Trans::No ? b : bt;
        MatrixD c = c0;
        gemm(0.5, ConstMapD(aa.data(), aa.rows(), aa.cols()), ta, ConstMapD(bb.data(), bb.rows(), bb.cols()),
             tb, 2.0, MapD(c.data(), m, n));
        CHECK((c - expected).cwiseAbs().maxCoeff() < 1e-10 * double(k));
      }
  }
  MatrixD a = random_d(3, 4, 1), b = random_d(3, 4, 2);
  CHECK_THROWS_AS(matmul(a, b), ShapeError);
}

TEST_CASE("gemm is bit-identical with 1 and 2 threads") {
  const MatrixF a = random_d(517, 129, 4).cast<float>(), b = random_d(129, 301, 5).cast<float>();
  MatrixF one, two;
  {
    ThreadCountGuard g(1);
    one = matmul(a, b);
  }
  {
    ThreadCountGuard g(2);
    two = matmul(a, b);
  }
  CHECK(one == two);
  MatrixF one_t, two_t;
  {
    ThreadCountGuard g(1);
    one_t = matmul(a, a, Trans::Yes, Trans::No);
  }
  {
    ThreadCountGuard g(2);
    two_t = matmul(a, a, Trans::Yes, Trans::No);
  }
  CHECK(one_t == two_t);
}
