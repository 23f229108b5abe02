// Default batched simulation: rows in parallel, each with its own random stream.
#include "simulators/simulator.hpp"

#include "core/errors.hpp"
#include "core/parallel.hpp"

namespace sbi::sim {

MatrixD Simulator::simulate(const MatrixD& theta, std::uint64_t seed,
                            std::uint64_t stream_offset) const {
  require_shape("Simulator::simulate: theta", theta, -1, theta_dim());
  MatrixD x(theta.rows(), x_dim());
  parallel_for(theta.rows(), 16, [&](Index begin, Index end) {
    for (Index i = begin; i < end; ++i) {
      Rng rng(seed, stream_offset + static_cast<std::uint64_t>(i));
      simulate_one(theta.row(i).data(), x.row(i).data(), rng);
    }
  });
  return x;
}

}  // namespace sbi::sim
