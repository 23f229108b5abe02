// The vectorised Hodgkin–Huxley batch path against the scalar reference (bit-identical traces,
// statistics to rounding), thread-count invariance and stream offsets.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "simulators/hodgkin_huxley.hpp"
#include "simulators/hodgkin_huxley_batch.hpp"
#include "simulators/hodgkin_huxley_reference.hpp"

using namespace sbi;
using namespace sbi::sim;

namespace {

// The reference θ, a θ with tiny g_Na and prior draws: 11 rows (not a multiple of the lanes).
MatrixD test_thetas(Index rows) {
  const auto lo = HodgkinHuxleySimulator::prior_lower();
  const auto hi = HodgkinHuxleySimulator::prior_upper();
  const auto ref = HodgkinHuxleySimulator::reference_theta();
  MatrixD theta(rows, 8);
  Rng rng(2024, 99);
  for (Index i = 0; i < rows; ++i)
    for (Index j = 0; j < 8; ++j) theta(i, j) = rng.uniform(lo[j], hi[j]);
  for (Index j = 0; j < 8; ++j) theta(0, j) = ref[j];
  for (Index j = 0; j < 8; ++j) theta(1, j) = ref[j];
  theta(1, 0) = 1e-3;
  return theta;
}

// The step protocol shortened to 300 ms (stimulus 50 .. 250 ms) to keep the tests fast.
HHProtocol short_step() {
  return HHProtocol::step(default_step_amplitude(), -70.0, 0.02, 15000, 50.0, 250.0);
}

}  // namespace

TEST_CASE("hh batch traces equal the scalar reference bit for bit") {
  const HHProtocol p = short_step();
  const MatrixD theta = test_thetas(11);
  const std::uint64_t seed = 5, offset = 3;
  const MatrixD traces = hh_simulate_traces(theta, p, seed, offset);
  REQUIRE(traces.cols() == Index(p.size()));
  for (Index i = 0; i < theta.rows(); ++i) {
    Rng rng(seed, offset + std::uint64_t(i));
    const auto ref = hh_simulate_trace_reference(theta.row(i).data(), p, rng);
    Index mismatches = 0;
    for (Index k = 0; k < traces.cols(); ++k) mismatches += traces(i, k) != ref[std::size_t(k)];
    INFO("row " << i);
    CHECK(mismatches == 0);
  }
}

TEST_CASE("hh batch statistics equal the scalar simulate_one on the Allen-length step") {
  HodgkinHuxleySimulator sim(HHProtocol::step());
  const MatrixD theta = test_thetas(11);
  const MatrixD x = sim.simulate(theta, 11);
  int spiking = 0;
  for (Index i = 0; i < theta.rows(); ++i) {
    Rng rng(11, std::uint64_t(i));
    double ref[7];
    sim.simulate_one(theta.row(i).data(), ref, rng);
    INFO("row " << i);
    CHECK(x(i, 0) == ref[0]);  // spike counts exactly
    for (int j = 1; j < 7; ++j) CHECK(x(i, j) == doctest::Approx(ref[j]).epsilon(1e-9));
    spiking += ref[0] > 0;
  }
  CHECK(x(0, 0) >= 5.0);  // the reference θ spikes
  CHECK(x(1, 0) == 0.0);  // tiny g_Na does not
  CHECK(spiking >= 2);
}

TEST_CASE("hh batch results do not depend on the thread count or the batch split") {
  const HHProtocol p = short_step();
  const MatrixD theta = test_thetas(19);
  MatrixD one, two;
  {
    ThreadCountGuard g(1);
    one = hh_simulate_batch(theta, p, 77);
  }
  {
    ThreadCountGuard g(2);
    two = hh_simulate_batch(theta, p, 77);
  }
  CHECK((one.array() == two.array()).all());
  // Rows 5.. simulated on their own with stream offset 5 reproduce the same rows.
  const MatrixD tail = theta.bottomRows(14);
  const MatrixD part = hh_simulate_batch(tail, p, 77, 5);
  CHECK((part.array() == one.bottomRows(14).array()).all());
  // A different seed changes the noise.
  const MatrixD other = hh_simulate_batch(theta, p, 78);
  CHECK((other.array() != one.array()).any());
}
