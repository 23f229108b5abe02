// Adaptive explicit Runge–Kutta integrator: Dormand–Prince 5(4) (Hairer, Nørsett & Wanner,
// "Solving ODEs I", II.5) with FSAL, error control and step-size selection.
//   Step: 7 stages k_i = f(t + c_i h, y + h Σ_j a_ij k_j); y_{n+1} = y_n + h Σ b_i k_i (order 5);
//   error estimate e = h Σ (b_i - b*_i) k_i (b* the embedded order-4 weights);
//   err = sqrt(mean_i (e_i / (atol + rtol·max(|y_n,i|, |y_{n+1},i|)))²); accept when err ≤ 1;
//   next h = h·min(10, max(0.2, 0.9·err^{-1/5})) (no growth right after a rejection).
// Outputs at the requested times are hit exactly (steps are shortened to land on them).
// Failure (non-finite state, step below h_min, too many steps) is reported, not thrown, so
// simulators can return NaN for that θ.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "core/tensor.hpp"

namespace sbi::sim {

// dy/dt = f(t, y): writes n derivatives to dydt.
using OdeRhs = std::function<void(double t, const double* y, double* dydt)>;

struct OdeSettings {
  double rtol = 1e-8;
  double atol = 1e-8;
  double initial_step = 0.0;  // 0: chosen automatically (Hairer's heuristic)
  double min_step = 1e-12;
  double max_step = 0.0;      // 0: no limit
  long max_steps = 200000;
};

struct OdeResult {
  bool ok = false;
  MatrixD y;         // times.size() × n states (rows after a failure are NaN)
  long steps = 0;    // accepted steps
  long rejected = 0;
  std::string message;  // why it failed
};

// Integrates from t0 = times[0] with y(t0) = y0 and records y at every time in `times`
// (non-decreasing). Throws ValueError only for malformed arguments.
OdeResult solve_dopri5(const OdeRhs& f, const std::vector<double>& y0, const std::vector<double>& times,
                       const OdeSettings& options = {});

}  // namespace sbi::sim
