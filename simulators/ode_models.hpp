// The ODE models of the sbibm SIR and Lotka–Volterra tasks, solved with solve_dopri5.
//   SIR:  dS/dt = -β S I / N,  dI/dt = β S I / N - γ I,  dR/dt = γ I;  N = 1e6,
//         (S, I, R)(0) = (N - 1, 1, 0), θ = (β, γ).
//   LV:   dx/dt = α x - β x y,  dy/dt = -γ y + δ x y;  (x, y)(0) = (30, 1), θ = (α, β, γ, δ).
#pragma once
#include <vector>

#include "simulators/ode_dopri5.hpp"

namespace sbi::sim {

constexpr double kSirPopulation = 1e6;

// Default solver tolerances for the task simulators.
OdeSettings task_ode_options();

// States (S, I, R) at `times` (days).
OdeResult solve_sir(double beta, double gamma, const std::vector<double>& times,
                    const OdeSettings& options = task_ode_options());
// States (prey x, predator y) at `times`.
OdeResult solve_lotka_volterra(const double* theta, const std::vector<double>& times,
                               const OdeSettings& options = task_ode_options());

}  // namespace sbi::sim
