// Random streams of diagnostics/ (see core/rng_streams.hpp): the ids derive_seed(seed, k) takes.
#pragma once
#include <cstdint>

#include "core/rng_streams.hpp"

namespace sbi::diagnostics::streams {

// C2ST, from C2stSettings::seed: fold f (f < 100) uses id(f).
inline constexpr StreamRange kC2stNetworkInit{100, 100};  // the MLP classifier's initial weights
inline constexpr StreamRange kC2stTraining{200, 100};     // its TrainSettings::seed
inline constexpr StreamRange kC2stForest{300, 100};       // the random-forest classifier's seed
static_assert(ranges_disjoint({kC2stNetworkInit, kC2stTraining, kC2stForest}));

// Calibration (SBC, coverage), from CalibrationSettings::seed: observation i's posterior draws.
inline constexpr StreamRange kCalibrationDraws{0, UINT64_MAX};

// Random forest, from RandomForestSettings::seed: tree t is grown with id(t).
inline constexpr StreamRange kForestTree{0, UINT64_MAX};

}  // namespace sbi::diagnostics::streams
