// A simulator whose cost is a fixed amount of real arithmetic per row, for measuring what the
// external-simulator path costs over a built-in one (`sbi bench external_simulator`): a damped
// oscillator y'' = -θ2·y - 0.1·y', y(0) = θ1, y'(0) = 0, integrated with `steps` semi-implicit
// Euler steps of dt = 1e-4 (a chain of dependent multiply-adds, ~1 ms per row at a few hundred
// thousand steps), then x = (y, y') + 0.01·N(0, I) from the row's own seed.
#pragma once
#include <cstdint>

#include "core/rng.hpp"

namespace sbi::examples {

inline void busy_simulate(const double* theta, double* x, std::uint64_t seed, long steps) {
  const double dt = 1e-4, k = theta[1];
  double y = theta[0], v = 0.0;
  for (long s = 0; s < steps; ++s) {
    v += dt * (-k * y - 0.1 * v);
    y += dt * v;
  }
  Rng rng(seed);
  x[0] = y + 0.01 * rng.normal();
  x[1] = v + 0.01 * rng.normal();
}

}  // namespace sbi::examples
