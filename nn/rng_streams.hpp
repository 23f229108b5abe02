// Random streams of nn/ (see core/rng_streams.hpp): the ids derive_seed(seed, k) takes.
#pragma once
#include <cstdint>

#include "core/rng_streams.hpp"

namespace sbi::nn::streams {

// train(): all four are derived from TrainSettings::seed.
inline constexpr std::uint64_t kValidationSplit = 1;  // the random validation split of the rows
inline constexpr std::uint64_t kEpochShuffle = 2;     // epoch e shuffles with Rng(…, e)
inline constexpr std::uint64_t kTrainingLoss = 3;     // the loss callback's stream, training steps
inline constexpr std::uint64_t kValidationLoss = 4;   // the loss callback's stream, validation

static_assert(streams_distinct({kValidationSplit, kEpochShuffle, kTrainingLoss, kValidationLoss}));

}  // namespace sbi::nn::streams
