// The benchmark of --method tsnpe|mf-npe|mf-tsnpe|a-mf-tsnpe`: the sbibm protocol for the
// sequential and multifidelity NPE variants (inference/tsnpe.hpp, inference/multifidelity.hpp).
//   mf-npe       pretrain once on --lf-sims low-fidelity simulations (task <task>_lf unless
//                --lf-task), fine-tune on each HF budget (the same HF simulations NPE uses), then
//                sample every observation (amortized).
//   tsnpe        per observation: --rounds rounds of truncated-prior NPE with the HF budget.
//   mf-tsnpe     the same, every round restarting from the LF-pretrained flow.
//   a-mf-tsnpe   an ensemble of 5 LF-pretrained flows, 20% of each later round chosen by the
//                ensemble's variance of log q.
//   snpe-c, snpe-b, snle, snre, snre-b, snre-c   per observation: --rounds (default 10) rounds of the
//                multi-round driver (sequential/sequential.hpp); the last column min_acceptance is
//                the smallest proposal acceptance (snpe-*), 1 for the MCMC-proposal methods.
// Observations and reference posteriors follow `sbi benchmark` exactly (same seeds,
// benchmark_observations.hpp), so rows are comparable with `--method npe`. One CSV row per
// (method, sims, observation): C2ST and MMD where the task has a reference posterior, NLTP
// = −log q(θ* | x_o) where θ* is known (the score for e.g. hodgkin_huxley), and the median
// posterior-predictive distance.
#pragma once
#include <string>
#include <vector>

#include "pipelines/benchmark_settings.hpp"
#include "pipelines/progress.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

bool is_multifidelity_method(const std::string& name);
// Runs the benchmark for one of the methods above and appends its rows to settings.out (and
// writes settings.markdown); ValueError after writing them when some runs failed.
void benchmark_multifidelity(const BenchmarkSettings& settings, const sim::Task& task, const Log& log);

}  // namespace sbi::pipelines
