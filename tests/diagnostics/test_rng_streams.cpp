// The named random-stream ids of diagnostics keep the values the literals had (C2ST, SBC and
// random-forest results depend on them); distinctness is checked in diagnostics/rng_streams.hpp.
#include <doctest/doctest.h>

#include "diagnostics/rng_streams.hpp"

using namespace sbi;

TEST_CASE("stream ids of diagnostics keep their values") {
  namespace s = diagnostics::streams;
  CHECK(s::kC2stNetworkInit.id(2) == 102);
  CHECK(s::kC2stTraining.id(2) == 202);
  CHECK(s::kC2stForest.id(2) == 302);
  CHECK(s::kCalibrationDraws.id(9) == 9);
  CHECK(s::kForestTree.id(9) == 9);
}
