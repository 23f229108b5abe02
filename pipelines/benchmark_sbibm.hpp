// The sbibm protocol (Lueckmann et al. 2021) for one task and method: for each simulation
// budget simulate, train the method once, then for each observation draw posterior samples and
// score them against the reference posterior (C2ST, MMD) and by posterior-predictive
// simulations (median ‖x - x_o‖₂), with the seconds spent simulating, training and sampling.
// One CSV row per (task, method, sims, observation) and a markdown summary of the means. Rows
// also carry NLTP = -log q(θ* | x_o) where the posterior is normalised (NPE) and θ* is known
// (true_parameters.csv, or the engine's own draw), and the NRMSE of the posterior mean
// (diagnostics/point_metrics.hpp). SMC-ABC is observation-specific: it runs once per
// observation with the whole simulation budget (sbibm's protocol) instead of training once.
// run_benchmark picks the table: this one, the ACE table (benchmark_ace.hpp) or the
// multifidelity one (benchmark_multifidelity.hpp).
#pragma once
#include "pipelines/benchmark_settings.hpp"
#include "pipelines/progress.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

// Checks the settings that can be checked before any simulation (the method's and sampler's
// names, the results file's columns): SettingsError naming the flag.
void check_benchmark_settings(const BenchmarkSettings& settings, const sim::Task& task);

// The sbibm table for settings.method (npe, nle, nre, nre-b, nre-c, rej-abc, smc-abc).
void benchmark_sbibm(const BenchmarkSettings& settings, const sim::Task& task, const Log& log);

// The table for any method: the multifidelity, ACE or sbibm benchmark.
void run_benchmark(const BenchmarkSettings& settings, const sim::Task& task, const Log& log);

// The options every table checks first: SettingsError for a restriction with a method that does
// not simulate through it (ace, smc-abc, the multifidelity methods) or an embedding with ace.
void check_benchmark_options(const BenchmarkSettings& settings);

}  // namespace sbi::pipelines
