// Random streams of flows/ (see core/rng_streams.hpp): the ids derive_seed(seed, k) takes.
#pragma once
#include <cstdint>

#include "core/rng_streams.hpp"

namespace sbi::flows::streams {

// Flow construction, derived from EstimatorSettings::seed; transform i uses id(i) (i < 1000).
inline constexpr StreamRange kMadeMask{1000, 1000};           // MADE i's random degree masks
inline constexpr StreamRange kRandomPermutation{2000, 1000};  // the permutation after transform i

static_assert(ranges_disjoint({kMadeMask, kRandomPermutation}));

}  // namespace sbi::flows::streams
