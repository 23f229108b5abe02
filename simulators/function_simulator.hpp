// A Simulator defined by a per-row function (θ pointer, x pointer, row stream), for the
// benchmark tasks whose simulators are a few lines each. Batches run rows in parallel chunks
// of `grain` rows (large for cheap simulators so scheduling does not dominate, small for ODE
// solves); row i still draws only from Rng(seed, offset + i), so the grain never changes results.
#pragma once
#include <functional>
#include <utility>

#include "simulators/simulator.hpp"

namespace sbi::sim {

class FunctionSimulator : public Simulator {
 public:
  using RowFn = std::function<void(const double* theta, double* x, Rng& rng)>;
  FunctionSimulator(Index theta_dim, Index x_dim, RowFn fn, Index grain = 512)
      : theta_dim_(theta_dim), x_dim_(x_dim), fn_(std::move(fn)), grain_(grain) {}

  Index theta_dim() const override { return theta_dim_; }
  Index x_dim() const override { return x_dim_; }
  void simulate_one(const double* theta, double* x, Rng& rng) const override { fn_(theta, x, rng); }
  MatrixD simulate(const MatrixD& theta, std::uint64_t seed, std::uint64_t stream_offset = 0) const override;

 private:
  Index theta_dim_, x_dim_;
  RowFn fn_;
  Index grain_;
};

}  // namespace sbi::sim
