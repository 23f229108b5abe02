// `sbi bench flows`: the default MAF and NSF (sbi settings) on two_moons-sized data (θ 2-D,
// context 2-D): log_prob throughput (rows/s), sampling throughput (samples/s), and training
// samples/s through nn's trainer (batch 200), with the fraction of the GEMM limit measured in
// the same run. FLOPs: 2·in·out per row for every weight matrix (masked ones counted dense),
// times 3 for forward + backward.
#include <algorithm>
#include <chrono>
#include <string>

#include "bench/bench_flows_profile.hpp"
#include "bench/harness.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "flows/density_estimator.hpp"
#include "flows/training.hpp"

namespace sbi::bench {

namespace {

double weight_flops_per_row(flows::ConditionalDensityEstimator& est) {
  double f = 0;
  for (const auto& p : est.parameters())
    if (p.name.find("weight") != std::string::npos)
      f += 2.0 * double(p.param->value.rows()) * double(p.param->value.cols());
  return f;
}

void run(Report& report, const Options& options) {
  if (options.profile) {
    run_flows_profile(report, options);
    return;
  }
  Rng rng(1, 0);
  const Index n = 10000;
  MatrixF theta(n, 2), x(n, 2);
  for (Index i = 0; i < n; ++i) {
    theta(i, 0) = float(rng.uniform(-1, 1));
    theta(i, 1) = float(rng.uniform(-1, 1));
    const double a = rng.uniform(-1.5707963, 1.5707963), r = rng.normal(0.1, 0.01);
    x(i, 0) = float(r * std::cos(a) + 0.25 - std::abs(theta(i, 0) + theta(i, 1)) / std::sqrt(2.0));
    x(i, 1) = float(r * std::sin(a) + (-theta(i, 0) + theta(i, 1)) / std::sqrt(2.0));
  }
  progress(options, "gemm limit");
  const double limit = gemm_gflops(512, options.min_seconds);
  report.add("GEMM limit (Eigen float 512^3)", limit, "GFLOP/s");
  for (const char* kind : {"maf", "nsf"}) {
    auto est = flows::build_estimator(std::string(kind) == "maf" ? flows::maf_config(2, 2, 1)
                                                                 : flows::nsf_config(2, 2, 1));
    est->fit_standardizers(theta, x);
    const double flops = weight_flops_per_row(*est);
    const std::string k = kind;
    progress(options, k + " log_prob");
    const double t_lp = seconds_per_call([&] { (void)est->log_prob(theta, x); }, options.min_seconds);
    report.add(k + " log_prob", double(n) / t_lp, "rows/s",
               std::to_string(int(flops * n / t_lp * 1e-9 / limit * 100 + 0.5)) + "% of GEMM limit (forward)");
    progress(options, k + " sample");
    const Index ns = 2000;
    const double t_s = seconds_per_call([&] { (void)est->sample(ns, x.topRows(1), 3); }, options.min_seconds);
    report.add(k + " sample (one context)", double(ns) / t_s, "samples/s");
    progress(options, k + " training");
    nn::TrainSettings opt;
    opt.max_epochs = 5;
    opt.progress = false;
    const auto t0 = std::chrono::steady_clock::now();
    const flows::FitResult r = flows::fit_estimator(*est, theta, x, opt);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double best = secs;  // the fastest epoch (least disturbed by other load)
    for (const auto& e : r.train.epochs)
      if (e.seconds > 0) best = std::min(best, e.seconds);
    const double rate = double(r.train.train_rows) / best;
    report.add(k + " training (batch 200, Adam)", rate, "samples/s",
               std::to_string(int(3 * flops * rate * 1e-9 / limit * 100 + 0.5)) +
                   "% of GEMM limit (fastest of 5 epochs, incl. validation)");
  }
}

}  // namespace

SBI_BENCH_SUITE("flows", "default MAF and NSF: log_prob, sampling and training throughput "
                         "(--profile: per-stage profile at sbi's sizes, one thread)", run);

}  // namespace sbi::bench
