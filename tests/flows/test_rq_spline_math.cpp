// Tests of the host/device rational-quadratic spline (flows/rq_spline_math.hpp) against
// the double-precision reference of flows/rq_spline.hpp, in double (to rounding) and in float
// (to float tolerance), forward, inverse and log-determinants, inside the bound and in the tails.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/rng.hpp"
#include "flows/rq_spline_math.hpp"
#include "flows/rq_spline.hpp"

using namespace sbi;

TEST_CASE("shared RQ spline matches the flows reference") {
  for (int bins : {1, 4, 10}) {
    CAPTURE(bins);
    flows::SplineSettings o;
    o.bins = bins;
    o.tail_bound = 3.0;
    o.scale = 0.5;
    const flows::RqSplineShape& shape = o;  // the same settings, as the kernels receive them
    Rng rng(5, static_cast<std::uint64_t>(bins));
    for (int trial = 0; trial < 20; ++trial) {
      std::vector<double> p(3 * bins - 1);
      for (double& v : p) v = 2.0 * rng.normal();
      std::vector<float> pf(p.begin(), p.end());
      const flows::SplineKnots knots = flows::spline_knots(p, o);
      for (int i = 0; i < 41; ++i) {
        const double x = -3.5 + 7.0 * i / 40.0;  // includes both tails and x = ±B region
        CAPTURE(x);
        const auto ref = flows::rq_spline_forward_reference(x, knots, o);
        const auto got = flows::rq_spline_forward(x, p.data(), shape);
        CHECK(got.value == doctest::Approx(ref.value).epsilon(1e-12));
        CHECK(std::abs(got.logdet - ref.logdet) < 1e-10);
        const auto gotf = flows::rq_spline_forward(static_cast<float>(x), pf.data(), shape);
        CHECK(std::abs(gotf.value - ref.value) < 2e-5);
        CHECK(std::abs(gotf.logdet - ref.logdet) < 2e-4);

        const auto inv_ref = flows::rq_spline_inverse_reference(x, knots, o);
        const auto inv = flows::rq_spline_inverse(x, p.data(), shape);
        CHECK(inv.value == doctest::Approx(inv_ref.value).epsilon(1e-10));
        CHECK(std::abs(inv.logdet - inv_ref.logdet) < 1e-8);
        // Round trip and opposite log-determinants.
        const auto back = flows::rq_spline_inverse(got.value, p.data(), shape);
        CHECK(std::abs(back.value - x) < 1e-9);
        CHECK(std::abs(back.logdet + got.logdet) < 1e-8);
      }
    }
  }
}
