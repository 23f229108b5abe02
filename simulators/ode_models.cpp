// SIR and Lotka–Volterra right-hand sides (equations in ode_models.hpp).
#include "simulators/ode_models.hpp"

namespace sbi::sim {

OdeSettings task_ode_options() {
  OdeSettings o;
  o.rtol = 1e-8;
  o.atol = 1e-8;
  o.max_steps = 100000;
  return o;
}

OdeResult solve_sir(double beta, double gamma, const std::vector<double>& times, const OdeSettings& options) {
  const double n = kSirPopulation;
  auto rhs = [beta, gamma, n](double, const double* y, double* dy) {
    const double infection = beta * y[0] * y[1] / n;
    const double recovery = gamma * y[1];
    dy[0] = -infection;
    dy[1] = infection - recovery;
    dy[2] = recovery;
  };
  return solve_dopri5(rhs, {n - 1.0, 1.0, 0.0}, times, options);
}

OdeResult solve_lotka_volterra(const double* theta, const std::vector<double>& times, const OdeSettings& options) {
  const double alpha = theta[0], beta = theta[1], gamma = theta[2], delta = theta[3];
  auto rhs = [=](double, const double* y, double* dy) {
    dy[0] = alpha * y[0] - beta * y[0] * y[1];
    dy[1] = -gamma * y[1] + delta * y[0] * y[1];
  };
  return solve_dopri5(rhs, {30.0, 1.0}, times, options);
}

}  // namespace sbi::sim
