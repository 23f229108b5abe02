// Finite-difference check of a potential's θ-gradient for ReLU networks (NRE's classifier),
// shared by the NRE tests. Finite differences in double around float32 network outputs, steps
// h = 1e-3 and 3e-4: the float rounding error (~1e-6·|d|/h ≲ 1e-2) and a one-sided difference's
// curvature error (h·|f''|/2) stay below a few percent where f'' is moderate. The classifier is
// piecewise linear in its input: a kink inside [θ − h, θ + h] spoils the central difference, but
// when it lies on one side only the gradient matches the forward or the backward difference;
// kinks on both sides are separated by the smaller step. Each entry counts with its best step and
// side; the result is the worst entry's error relative to 1 + |difference|.
#pragma once
#include <algorithm>
#include <cmath>
#include <limits>

#include "mcmc/log_density.hpp"

namespace sbi::test {

inline double worst_gradient_error(const mcmc::LogDensity& potential, const MatrixD& theta, const MatrixD& grad) {
  const VectorD base = mcmc::evaluate(potential, theta);
  MatrixD best = MatrixD::Constant(theta.rows(), theta.cols(), std::numeric_limits<double>::infinity());
  for (const double h : {1e-3, 3e-4}) {
    for (Index d = 0; d < theta.cols(); ++d) {
      MatrixD up = theta, down = theta;
      up.col(d).array() += h;
      down.col(d).array() -= h;
      const VectorD lu = mcmc::evaluate(potential, up), ld = mcmc::evaluate(potential, down);
      for (Index i = 0; i < theta.rows(); ++i) {
        const double forward = (lu(i) - base(i)) / h, backward = (base(i) - ld(i)) / h;
        const double err = std::min(std::abs(forward - grad(i, d)) / (1.0 + std::abs(forward)),
                                    std::abs(backward - grad(i, d)) / (1.0 + std::abs(backward)));
        best(i, d) = std::min(best(i, d), err);
      }
    }
  }
  return best.maxCoeff();
}

}  // namespace sbi::test
