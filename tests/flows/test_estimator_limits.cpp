// Flow sizes have sane upper bounds (issue 40): hidden=1e9 once allocated 8 GB in made.cpp
// before a model file's shapes were compared (`--estimator` sizes: tests/inference/test_estimator_spec_limits.cpp).
#include <doctest/doctest.h>

#include "core/errors.hpp"
#include "flows/estimator_config.hpp"

using namespace sbi;

TEST_CASE("estimator configs refuse sizes that would allocate gigabytes") {
  flows::EstimatorSettings c = flows::maf_config(2, 2, 0);
  CHECK_NOTHROW(c.validate());
  c.hidden = 1000000000;
  CHECK_THROWS_WITH_AS(c.validate(), doctest::Contains("hidden must be in 1..8192, got 1000000000"), ValueError);
  c.hidden = 50;
  c.blocks = 100000;
  CHECK_THROWS_WITH_AS(c.validate(), doctest::Contains("blocks must be in 0..64"), ValueError);
  c.blocks = 0;
  c.transforms = 1000000;
  CHECK_THROWS_AS(c.validate(), ValueError);
  // A corrupt model file's architecture is refused before any network is built.
  nn::Architecture a = flows::maf_config(2, 2, 0).architecture();
  a.set("hidden", 100000000LL);
  CHECK_THROWS_AS(flows::EstimatorSettings::from_architecture(a), Error);
  a = flows::maf_config(2, 2, 0).architecture();
  a.set("tail_bound", "abc");
  CHECK_THROWS_WITH_AS(flows::EstimatorSettings::from_architecture(a), doctest::Contains("tail_bound='abc'"), IOError);
}
