// Named random-stream ids. A module derives independent seeds from one user seed with
//   seed_k = derive_seed(seed, k)      (core/rng.hpp)
// and each k it uses is a named constant in that module's rng_streams.hpp (never a literal at
// the call site), so that a reader sees which streams exist and two uses cannot collide.
// A family of streams indexed by i (a round, a fold, an ensemble member) is a StreamRange:
// ids first, first + 1, …, first + count − 1, i.e. id(i) = first + i.
//
// Each module header checks at compile time that the ids it derives from the same seed are
// distinct (streams_distinct) and its ranges do not overlap (ranges_disjoint). The values are
// part of the results: changing one changes every number drawn from it.
#pragma once
#include <cstdint>
#include <initializer_list>

namespace sbi {

// Ids first .. first + count − 1, one per index i < count.
struct StreamRange {
  std::uint64_t first = 0;
  std::uint64_t count = 0;
  constexpr std::uint64_t id(std::uint64_t i) const { return first + i; }
  constexpr bool contains(std::uint64_t stream) const { return stream >= first && stream - first < count; }
};

// True when no two ids in the list are equal.
constexpr bool streams_distinct(std::initializer_list<std::uint64_t> ids) {
  for (const std::uint64_t* a = ids.begin(); a != ids.end(); ++a)
    for (const std::uint64_t* b = a + 1; b != ids.end(); ++b)
      if (*a == *b) return false;
  return true;
}

// True when no two ranges share an id and no single id falls inside a range.
constexpr bool ranges_disjoint(std::initializer_list<StreamRange> ranges,
                               std::initializer_list<std::uint64_t> singles = {}) {
  for (const StreamRange* a = ranges.begin(); a != ranges.end(); ++a) {
    for (const StreamRange* b = a + 1; b != ranges.end(); ++b)
      if (a->first < b->first + b->count && b->first < a->first + a->count) return false;
    for (const std::uint64_t s : singles)
      if (a->contains(s)) return false;
  }
  return true;
}

}  // namespace sbi
