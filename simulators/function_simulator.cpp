// Batched simulation for FunctionSimulator: the default row loop with a per-task grain.
#include "simulators/function_simulator.hpp"

#include "core/errors.hpp"
#include "core/parallel.hpp"

namespace sbi::sim {

MatrixD FunctionSimulator::simulate(const MatrixD& theta, std::uint64_t seed, std::uint64_t stream_offset) const {
  require_shape("Simulator::simulate: theta", theta, -1, theta_dim());
  MatrixD x(theta.rows(), x_dim());
  parallel_for(theta.rows(), grain_, [&](Index begin, Index end) {
    for (Index i = begin; i < end; ++i) {
      Rng rng(seed, stream_offset + static_cast<std::uint64_t>(i));
      fn_(theta.row(i).data(), x.row(i).data(), rng);
    }
  });
  return x;
}

}  // namespace sbi::sim
