// Batched HMC with warm-up adaptation of step size and diagonal mass matrix.
#include "mcmc/hmc.hpp"

#include <cmath>
#include <vector>

#include "core/errors.hpp"
#include "mcmc/gradient_warmup.hpp"

namespace sbi::mcmc {

namespace {
constexpr double kMaxEnergyError = 1000.0;
}

McmcResult hmc_sample(const LogDensity& density, const MatrixD& init, const McmcRunSettings& options,
                      const HmcSettings& hmc) {
  options.validate();
  if (hmc.num_leapfrog_steps < 1 || !(hmc.initial_step > 0) ||
      !(hmc.target_accept > 0 && hmc.target_accept < 1))
    throw ValueError("hmc_sample: need num_leapfrog_steps >= 1, initial_step > 0, 0 < "
                     "target_accept < 1; got " + std::to_string(hmc.num_leapfrog_steps) + ", " +
                     std::to_string(hmc.initial_step) + ", " + std::to_string(hmc.target_accept));
  DensityEvaluator eval(density);
  const Index n = options.num_chains, dim = density.dim;
  PhaseState state = start_gradient_chains("hmc_sample", eval, init, n);
  std::vector<Rng> rngs = chain_streams(options);
  GradientWarmup adapt(n, dim, hmc.initial_step, hmc.target_accept, options.warmup_steps,
                       hmc.adapt_step, hmc.adapt_mass);
  const MatrixD& inv_mass = adapt.inv_mass;
  const VectorD& step = adapt.step;
  VectorD used_step(n);
  Leapfrog leapfrog(eval);
  adapt.start(leapfrog, state, rngs);

  McmcResult result;
  result.allocate("hmc", n, options.draws_per_chain(), dim);
  PhaseState trial = state;
  VectorD h0(n);
  std::vector<Index> active, next;
  active.reserve(n);
  next.reserve(n);
  std::vector<bool> divergent(n);
  for (Index it = 0; it < options.total_steps(); ++it) {
    if (options.on_step) options.on_step(it, options.total_steps());
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
      next.clear();
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
      adapt.observe(it, c, alpha, state);
    }
    adapt.end_step(it, leapfrog, state, rngs);
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
