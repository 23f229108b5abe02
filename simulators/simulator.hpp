// The simulator interface: a stochastic map θ ↦ x ~ p(x | θ), batched over rows.
//
// Reproducibility contract: row i of a batch simulated with seed s draws only from the random
// stream Rng(s, i), so the output does not depend on the thread count or on how rows are
// split. Non-finite outputs (a failed ODE solve, say) are passed on as NaN; consumers drop them.
#pragma once
#include <cstdint>
#include <string>

#include "core/rng.hpp"
#include "core/tensor.hpp"

namespace sbi::sim {

class Simulator {
 public:
  virtual ~Simulator() = default;

  virtual Index theta_dim() const = 0;
  virtual Index x_dim() const = 0;

  // Simulates one x (x_dim values) for one θ (theta_dim values) with the row's own stream.
  virtual void simulate_one(const double* theta, double* x, Rng& rng) const = 0;

  // Simulates every row of theta (n × theta_dim) → n × x_dim; row i uses Rng(seed, i + offset).
  // The default runs simulate_one over rows in parallel; vectorised simulators override it.
  virtual MatrixD simulate(const MatrixD& theta, std::uint64_t seed,
                           std::uint64_t stream_offset = 0) const;
};

}  // namespace sbi::sim
