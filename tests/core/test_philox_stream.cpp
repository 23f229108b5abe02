// Tests of the host/device Philox streams (core/philox_stream.hpp) against Philox4x32 and sbi::Rng, and of
// their normal and exponential draws (moments within Monte-Carlo error).
#include <doctest/doctest.h>

#include <cmath>

#include "core/philox.hpp"
#include "core/rng.hpp"
#include "core/philox_stream.hpp"

using namespace sbi;

TEST_CASE("PhiloxStream gives the words of Philox4x32 and the uniforms of Rng") {
  for (std::uint64_t seed : {0ull, 1ull, 0x123456789abcdefull}) {
    for (std::uint64_t stream : {0ull, 7ull, (1ull << 40) + 3}) {
      Philox4x32 ref(seed, stream);
      PhiloxStream s(seed, stream);
      for (int i = 0; i < 37; ++i) CHECK(s.next_u32() == ref());
      Rng rng(seed, stream);
      PhiloxStream t(seed, stream);
      for (int i = 0; i < 20; ++i) {
        CHECK(t.uniform() == rng.uniform());
        CHECK(t.uniform_open() == rng.uniform_open());
      }
    }
  }
  // The raw block function.
  const auto ref = Philox4x32::block({1u, 2u, 3u, 4u}, {5u, 6u});
  const PhiloxBlock got = philox4x32_10({{1u, 2u, 3u, 4u}}, 5u, 6u);
  for (int i = 0; i < 4; ++i) CHECK(got.v[i] == ref[i]);
}

TEST_CASE("PhiloxStream normal and exponential draws have the right moments") {
  const int n = 200000;
  PhiloxStream s(42, 3);
  double sum = 0, sum2 = 0, sum4 = 0, esum = 0, esum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double z = s.normal();
    sum += z;
    sum2 += z * z;
    sum4 += z * z * z * z;
    const double e = s.exponential();
    esum += e;
    esum2 += e * e;
  }
  // Standard errors: mean 1/√n, E z² (var 2)/√n·√2, E z⁴ (var 96), exponential mean (var 1),
  // E e² (var 20). Tolerance 5 standard errors.
  const double rn = std::sqrt(double(n));
  CHECK(std::abs(sum / n) < 5 / rn);
  CHECK(std::abs(sum2 / n - 1) < 5 * std::sqrt(2.0) / rn);
  CHECK(std::abs(sum4 / n - 3) < 5 * std::sqrt(96.0) / rn);
  CHECK(std::abs(esum / n - 1) < 5 / rn);
  CHECK(std::abs(esum2 / n - 2) < 5 * std::sqrt(20.0) / rn);
}
