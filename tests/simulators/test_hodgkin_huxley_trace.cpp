// The downsampled-trace Hodgkin–Huxley simulator: block means of the same traces the
// statistics simulator integrates, batch and scalar paths agreeing, and the registered task.
#include <doctest/doctest.h>

#include "core/errors.hpp"
#include "simulators/hodgkin_huxley_trace.hpp"
#include "simulators/task.hpp"
#include "simulators/tasks.hpp"

using namespace sbi;
using namespace sbi::sim;

TEST_CASE("hodgkin_huxley_trace: block means of the traces, batch = scalar, same voltage as the statistics") {
  const Task task = make_task("hodgkin_huxley_trace");
  CHECK(task.x_dim() == 50);
  CHECK(task.theta_dim() == 8);
  MatrixD theta = task.sample_prior(3, 1);
  const auto ref = HodgkinHuxleySimulator::reference_theta();
  theta.row(0) = Eigen::Map<const RowVectorD>(ref.data(), 8);
  const MatrixD x = task.simulator->simulate(theta, 2);
  const HodgkinHuxleySimulator hh(HHProtocol::step().coarsened(kHodgkinHuxleyCoarseLowFidelityStride));
  const MatrixD traces = hh.traces(theta, 2);
  REQUIRE(traces.cols() == 7250);
  CHECK(std::abs(x(1, 7) - traces.row(1).segment(7 * 145, 145).mean()) < 1e-9);
  for (Index i = 0; i < theta.rows(); ++i) {
    const RowVectorD row = theta.row(i);
    RowVectorD one(50);
    Rng rng(2, std::uint64_t(i));
    task.simulator->simulate_one(row.data(), one.data(), rng);
    CHECK((one - x.row(i)).cwiseAbs().maxCoeff() < 1e-9);
  }
  // The reference θ spikes during the stimulus (205–1205 ms, blocks 8–40): those blocks' mean
  // voltage lies above the resting blocks' (the first 7, before the stimulus).
  CHECK(x.row(0).segment(10, 28).mean() > x.row(0).segment(0, 7).mean() + 1.0);
  CHECK_THROWS_AS(HodgkinHuxleyTraceSimulator(hh.protocol(), 8000), ValueError);
}
