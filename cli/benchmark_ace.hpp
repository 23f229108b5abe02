// `sbi benchmark --method ace`: the ACE paper's evaluation (Gao, Deistler & Macke 2023) for the
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

#include "cli/args.hpp"
#include "cli/progress.hpp"
#include "simulators/task.hpp"

namespace sbi::cli {

// Declares --betas, --cost-thetas, --cost-sims and --range-sims on the benchmark command.
void add_ace_benchmark_options(Args& args);
// Runs the ACE benchmark (reads --sims, --seed, --num-samples, --predictive-sims,
// --max-epochs, --out, --markdown too); returns the exit status.
int benchmark_ace(const Args& args, const Log& log, const sim::Task& task, const std::vector<int>& observations);

}  // namespace sbi::cli
