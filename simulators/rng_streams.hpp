// Random streams of simulators/ (see core/rng_streams.hpp): the ids derive_seed(seed, k) takes.
// (An external simulator's row i is seeded with derive_seed(run seed, i): the row index is the
// stream, see external_protocol.hpp.)
#pragma once
#include <cstdint>

#include "core/rng_streams.hpp"

namespace sbi::sim::streams {

// likelihood_rejection_sample(seed): both derived from its seed.
inline constexpr std::uint64_t kLikelihoodMaxSearch = 0x6c696b6d6178ULL;  // prior draws that start the
                                                                          // search for max log p(x_o|θ)
inline constexpr std::uint64_t kLikelihoodRejection = 1;  // the rejection sampler's proposals
static_assert(streams_distinct({kLikelihoodMaxSearch, kLikelihoodRejection}));

// prior_predictive_range(seed).
inline constexpr std::uint64_t kRangePriorDraws = 1;   // θ ~ p(θ)
inline constexpr std::uint64_t kRangeSimulations = 2;  // x ~ p(x|θ)
// make_misspecified_observation(seed).
inline constexpr std::uint64_t kMisspecifiedRange = 3;     // the seed of prior_predictive_range
inline constexpr std::uint64_t kMisspecifiedAttempts = 4;  // the draws pushed outside the range
static_assert(streams_distinct({kRangePriorDraws, kRangeSimulations, kMisspecifiedRange, kMisspecifiedAttempts}));

}  // namespace sbi::sim::streams
