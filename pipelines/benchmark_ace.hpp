// The benchmark of --method ace: the ACE paper's evaluation (Gao, Deistler & Macke 2023) for the
// ACE tasks (uniform_1d, two_moons, linear_gaussian, gaussian_mixture_trials). Per simulation
// budget the cost network is trained once (with every benchmark observation in its target
// set); then for each observation k, its well-specified x_o (a prior draw's simulation, the
// seeds `sbi benchmark` uses) and a misspecified one (x_o pushed outside the prior-predictive
// range, simulators/misspecified.hpp), and each β:
//   predictive distance = mean_i d(x_i, x_o), x_i ~ p(x | θ_i), θ_i ~ p_β(θ | x_o) (MCMC);
// and, per observation, the accuracy of the learned cost ĉ(θ, x_o) against the true cost
// c(θ, x_o) = E[d(x, x_o) | θ] at --cost-thetas prior draws (the task's closed form when it has
// one unless --cost-monte-carlo, else the Monte-Carlo mean over --cost-sims simulations per θ):
//   Pearson r(ĉ, c),   relative RMSE = sqrt(mean (ĉ - c)²) / mean c.
// CSV rows per (task, ace, sims, observation, spec, β), with cost_reference = exact or
// monte_carlo saying which true cost was used; the markdown table gives the means
// beside the published well-specified predictive distances (TASKS.md, ±10%).
#pragma once
#include <vector>

#include "pipelines/benchmark_settings.hpp"
#include "pipelines/progress.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

// Runs the ACE benchmark for settings.observations at every budget and β; appends the rows to
// settings.out and writes settings.markdown when given.
void benchmark_ace(const BenchmarkSettings& settings, const sim::Task& task, const Log& log);

}  // namespace sbi::pipelines
