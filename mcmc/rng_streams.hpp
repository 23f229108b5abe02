// Random streams of mcmc/ (see core/rng_streams.hpp): the ids derive_seed(seed, k) takes.
// (Chain c of a sampler draws from Rng(seed, first_stream + c): a stream of the Philox
// generator, not a derived seed; see options.hpp.)
#pragma once
#include <cstdint>

#include "core/rng_streams.hpp"

namespace sbi::mcmc::streams {

// Chain initialisation (init.hpp), from the seed passed to the init function.
inline constexpr std::uint64_t kInitFromPrior = 0x1a17'0000'0001ULL;  // prior draws as starts
inline constexpr std::uint64_t kInitSir = 0x1a17'0000'0002ULL;        // SIR candidates and resampling

static_assert(streams_distinct({kInitFromPrior, kInitSir}));

}  // namespace sbi::mcmc::streams
