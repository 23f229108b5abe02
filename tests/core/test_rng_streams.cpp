// The compile-time checks behind the named random-stream ids (core/rng_streams.hpp): they must
// catch a repeated id, overlapping ranges and an id inside a range, and accept disjoint ones.
#include <doctest/doctest.h>

#include <cstdint>

#include "core/rng.hpp"
#include "core/rng_streams.hpp"

using namespace sbi;

TEST_CASE("streams_distinct rejects a repeated id") {
  static_assert(streams_distinct({}));
  static_assert(streams_distinct({1, 2, 3}));
  static_assert(!streams_distinct({1, 2, 1}));
  CHECK(streams_distinct({10, 11, 12, 13}));
  CHECK_FALSE(streams_distinct({10, 11, 12, 10}));
}

TEST_CASE("StreamRange ids and ranges_disjoint") {
  constexpr StreamRange fold{100, 100};
  static_assert(fold.id(0) == 100 && fold.id(99) == 199);
  static_assert(fold.contains(100) && fold.contains(199) && !fold.contains(200) && !fold.contains(99));
  CHECK(ranges_disjoint({StreamRange{100, 100}, StreamRange{200, 100}, StreamRange{300, 100}}));
  CHECK_FALSE(ranges_disjoint({StreamRange{100, 101}, StreamRange{200, 100}}));  // shares 200
  CHECK_FALSE(ranges_disjoint({StreamRange{200, 100}, StreamRange{150, 60}}));   // shares 200..209
  CHECK(ranges_disjoint({StreamRange{100, 1000}}, {10, 11, 12, 13}));
  CHECK_FALSE(ranges_disjoint({StreamRange{100, 1000}}, {10, 1099}));
  // A range reaching the top of the id space does not wrap around.
  CHECK(ranges_disjoint({StreamRange{1'000'000, UINT64_MAX - 1'000'000}}, {1, 2}));
}

TEST_CASE("named ids give the seeds the literals gave") {
  // A named id is only a name: derive_seed sees the same number.
  constexpr StreamRange member{100, 1000};
  CHECK(derive_seed(7, member.id(3)) == derive_seed(7, 103));
}
