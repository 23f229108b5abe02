// The downsampled-trace Hodgkin–Huxley simulator and task (see hodgkin_huxley_trace.hpp).
#include "simulators/hodgkin_huxley_trace.hpp"

#include <algorithm>
#include <memory>

#include "core/errors.hpp"
#include "simulators/hodgkin_huxley_reference.hpp"
#include "simulators/tasks.hpp"

namespace sbi::sim {

namespace {
constexpr Index kRowChunk = 256;  // rows whose full traces are held at once
}

HodgkinHuxleyTraceSimulator::HodgkinHuxleyTraceSimulator(HHProtocol protocol, Index block)
    : hh_(std::move(protocol)), block_(block), points_(block > 0 ? Index(hh_.protocol().size()) / block : 0) {
  if (block_ < 1 || points_ < 1)
    throw ValueError("HodgkinHuxleyTraceSimulator: block " + std::to_string(block) + " for a trace of " +
                     std::to_string(hh_.protocol().size()) + " samples");
}

void HodgkinHuxleyTraceSimulator::simulate_one(const double* theta, double* x, Rng& rng) const {
  const std::vector<double> trace = hh_simulate_trace_reference(theta, hh_.protocol(), rng);
  for (Index k = 0; k < points_; ++k) {
    double sum = 0;
    for (Index j = k * block_; j < (k + 1) * block_; ++j) sum += trace[std::size_t(j)];
    x[k] = sum / double(block_);
  }
}

MatrixD HodgkinHuxleyTraceSimulator::simulate(const MatrixD& theta, std::uint64_t seed,
                                              std::uint64_t stream_offset) const {
  require_shape("HodgkinHuxleyTraceSimulator: theta", theta, -1, 8);
  MatrixD out(theta.rows(), points_);
  for (Index start = 0; start < theta.rows(); start += kRowChunk) {
    const Index rows = std::min(kRowChunk, theta.rows() - start);
    const MatrixD traces = hh_.traces(theta.middleRows(start, rows), seed, stream_offset + std::uint64_t(start));
    for (Index k = 0; k < points_; ++k)
      out.block(start, k, rows, 1) = traces.middleCols(k * block_, block_).rowwise().mean();
  }
  return out;
}

Task make_hodgkin_huxley_trace_task() {
  Task t = make_hodgkin_huxley_lf_coarse_task();
  t.name = "hodgkin_huxley_trace";
  t.description = "Hodgkin-Huxley, raw voltage trace (dt 0.2 ms) as 50 block means of 29 ms";
  const auto* hh = dynamic_cast<const HodgkinHuxleySimulator*>(t.simulator.get());
  t.simulator = std::make_shared<HodgkinHuxleyTraceSimulator>(hh->protocol(), kHodgkinHuxleyTraceBlock);
  t.data_names.clear();
  for (Index k = 0; k < t.simulator->x_dim(); ++k) t.data_names.push_back("v" + std::to_string(k));
  t.distance_name = "mse";
  return t;
}

}  // namespace sbi::sim
