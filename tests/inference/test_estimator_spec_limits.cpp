// `--estimator kind:key=value` sizes (issue 40): `maf:hidden=1e20` once cast 1e20 to an integer
// and `maf:hidden=100000000` ended in std::bad_alloc; both are refused with the setting's name.
#include <doctest/doctest.h>

#include "core/errors.hpp"
#include "inference/posterior_estimator.hpp"

using namespace sbi;

TEST_CASE("--estimator key=value sizes: too large or fractional values are refused, not cast") {
  CHECK_THROWS_WITH_AS(inference::estimator_config("maf:hidden=1e20", 2, 2, 0),
                       doctest::Contains("hidden=1e20 is too large"), ValueError);
  CHECK_THROWS_WITH_AS(inference::estimator_config("maf:hidden=500.7", 2, 2, 0),
                       doctest::Contains("not a whole number"), ValueError);
  CHECK_THROWS_AS(inference::estimator_config("maf:hidden=100000", 2, 2, 0), ValueError);
  CHECK(inference::estimator_config("maf:hidden=64", 2, 2, 0).hidden == 64);
}
