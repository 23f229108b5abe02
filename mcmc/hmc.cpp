// Batched HMC with warm-up adaptation of step size and diagonal mass matrix.
#include "mcmc/hmc.hpp"

#include <cmath>
#include <vector>

#include "core/errors.hpp"
#include "mcmc/adaptation.hpp"
#include "mcmc/hamiltonian.hpp"
#include "mcmc/init.hpp"

namespace sbi::mcmc {

namespace {
constexpr double kMaxEnergyError = 1000.0;
}

McmcResult hmc_sample(const LogDensity& density, const MatrixD& init, const McmcOptions& options,
                      const HmcOptions& hmc) {
  options.validate();
  if (hmc.num_leapfrog_steps < 1 || !(hmc.initial_step > 0) ||
      !(hmc.target_accept > 0 && hmc.target_accept < 1))
    throw ValueError("hmc_sample: need num_leapfrog_steps >= 1, initial_step > 0, 0 < "
                     "target_accept < 1; got " + std::to_string(hmc.num_leapfrog_steps) + ", " +
                     std::to_string(hmc.initial_step) + ", " + std::to_string(hmc.target_accept));
  DensityEvaluator eval(density);
  if (!eval.has_gradient())
    throw ValueError("hmc_sample: the log-density has no gradient (value_and_grad)");
  const Index n = options.num_chains, dim = density.dim;
  check_initial_points(eval, init, n);

  PhaseState state;
  state.resize(n, dim);
  state.x = init;
  eval.value_and_grad(state.x, state.logp, state.grad);
  std::vector<Rng> rngs;
  for (Index c = 0; c < n; ++c) rngs.emplace_back(options.seed, options.stream_of(c));
  MatrixD inv_mass = MatrixD::Ones(n, dim);
  VectorD step = VectorD::Constant(n, hmc.initial_step), used_step(n);
  Leapfrog leapfrog(eval);
  if (hmc.adapt_step && options.warmup_steps > 0)
    find_reasonable_step(leapfrog, state, inv_mass, rngs, step);
  std::vector<DualAveraging> dual;
  for (Index c = 0; c < n; ++c) dual.emplace_back(step[c], hmc.target_accept);
  std::vector<WelfordVariance> moments(n, WelfordVariance(dim));
  const WarmupWindows windows(options.warmup_steps, hmc.adapt_mass);

  McmcResult result;
  result.allocate("hmc", n, options.draws_per_chain(), dim);
  PhaseState trial = state;
  VectorD h0(n);
  std::vector<Index> active;
  std::vector<bool> divergent(n);
  for (Index it = 0; it < options.total_steps(); ++it) {
    const bool warmup = it < options.warmup_steps;
    active.clear();
    for (Index c = 0; c < n; ++c) {
      trial.copy_row_from(state, c, c);
      draw_momentum(trial, inv_mass, c, rngs[c]);
      h0[c] = -trial.logp[c] + kinetic_energy(trial, inv_mass, c);
      used_step[c] = step[c];
      if (!warmup && hmc.jitter) used_step[c] *= rngs[c].uniform(0.9, 1.1);
      divergent[c] = false;
      active.push_back(c);
    }
    for (Index l = 0; l < hmc.num_leapfrog_steps && !active.empty(); ++l) {
      leapfrog.step(active, trial, used_step, inv_mass);
      std::vector<Index> next;
      for (Index c : active) {
        const double h = -trial.logp[c] + kinetic_energy(trial, inv_mass, c);
        if (!std::isfinite(h) || h - h0[c] > kMaxEnergyError) divergent[c] = true;
        else next.push_back(c);
      }
      active.swap(next);
    }
    for (Index c = 0; c < n; ++c) {
      double alpha = 0.0;
      if (!divergent[c]) {
        const double h = -trial.logp[c] + kinetic_energy(trial, inv_mass, c);
        alpha = std::min(1.0, std::exp(h0[c] - h));
      }
      if (rngs[c].uniform() < alpha) {
        state.copy_row_from(trial, c, c);
        if (!warmup) result.acceptance_rate[c] += 1.0;
      }
      if (!warmup) {
        if (divergent[c]) result.divergences[c] += 1.0;
        continue;
      }
      if (hmc.adapt_step) step[c] = dual[c].update(alpha);
      if (windows.in_slow_window(it)) moments[c].add(state.x.row(c));
    }
    if (warmup && windows.window_ends(it)) {
      for (Index c = 0; c < n; ++c) {
        inv_mass.row(c) = moments[c].regularized_variance().transpose();
        moments[c].reset(dim);
      }
      if (hmc.adapt_step) {
        find_reasonable_step(leapfrog, state, inv_mass, rngs, step);
        for (Index c = 0; c < n; ++c) dual[c].restart(step[c]);
      }
    }
    if (it + 1 == options.warmup_steps && hmc.adapt_step)
      for (Index c = 0; c < n; ++c) step[c] = dual[c].final_step();
    const Index t = options.kept_draw_index(it);
    if (t >= 0)
      for (Index c = 0; c < n; ++c) result.draw(c, t) = state.x.row(c);
  }
  result.acceptance_rate /= static_cast<double>(std::max<Index>(1, options.sampling_steps()));
  result.step_size = step;
  result.step_size_name = "leapfrog step";
  result.density_calls = eval.calls();
  result.density_rows = eval.rows_evaluated();
  return result;
}

}  // namespace sbi::mcmc
