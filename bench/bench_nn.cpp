// `sbi bench nn`: training throughput of the reference networks against the GEMM limit
// measured in the same run.
//  - ACE cost network: ResidualNet(in 4, 3 blocks × 64, ReLU, softplus output), MSE, Adam,
//    batch 500, one epoch over 20,000 rows. FLOPs per row = 3 × forward (2 per multiply-add).
//  - sbi's default MAF conditioner size: MLP(in 10, 2 × 50 tanh, out 10), batch 200.
//  - fused linear+bias+activation vs the reference composition of core ops.
// The per-epoch time is the median over epochs after the first (warm-up) of one training run.
#include <algorithm>
#include <cmath>

#include "bench/harness.hpp"
#include "core/ops.hpp"
#include "core/parallel.hpp"
#include "nn/mlp.hpp"
#include "nn/residual_net.hpp"
#include "nn/trainer.hpp"

namespace sbi::bench {

namespace {

struct EpochTiming {
  double seconds;
  double flops_per_row;
};

MatrixF normal_matrix(Rng& rng, Index r, Index c) {
  MatrixF m(r, c);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.normal());
  return m;
}

// Median epoch seconds of training `net` on (x, y) with MSE.
template <class Net>
double epoch_seconds(Net& net, const MatrixF& x, const MatrixF& y, int batch, int epochs, int chunk_rows) {
  nn::TrainSettings o;
  o.batch_size = batch;
  o.validation_fraction = 0;
  o.max_epochs = epochs;
  o.progress = false;
  o.chunk_rows = chunk_rows;
  o.seed = 1;
  auto loss = [&net](ad::Tape& tape, const nn::Batch& b) {
    return ad::mean(ad::square(ad::sub(net.forward(tape, b.inputs[0]), b.inputs[1])));
  };
  const nn::TrainResult r = nn::train({&x, &y}, net.parameters(), loss, o);
  std::vector<double> s;
  for (std::size_t e = 1; e < r.epochs.size(); ++e) s.push_back(r.epochs[e].seconds);
  std::nth_element(s.begin(), s.begin() + s.size() / 2, s.end());
  return s[s.size() / 2];
}

int epochs_for(const Options& options) { return std::max(4, static_cast<int>(options.min_seconds * 40)); }

void run_nn(Report& report, const Options& options) {
  progress(options, "GEMM limit (512x512x512)");
  const double limit = gemm_gflops(512, options.min_seconds);
  report.add("gemm_limit", limit, "GFLOP/s", "Eigen float GEMM 512^3, all sbi threads");

  Rng rng(7);
  const Index rows = 20000;
  const MatrixF x = normal_matrix(rng, rows, 4);
  MatrixF y(rows, 1);
  for (Index i = 0; i < rows; ++i) y(i, 0) = x.row(i).squaredNorm();
  const nn::ResidualNetSettings ace{4, 1, 64, 3, 0, nn::Activation::Relu, nn::Activation::Softplus};
  const double ace_flops_row = 3.0 * 2.0 * double(4 * 64 + 3 * 2 * 64 * 64 + 64 * 1);
  const int epochs = epochs_for(options);

  progress(options, "ACE network epoch (fused, chunked)");
  nn::ResidualNet net(ace, rng);
  const double t_fused = epoch_seconds(net, x, y, 500, epochs, 100);
  const double gflops = ace_flops_row * double(rows) / t_fused * 1e-9;
  report.add("ace_epoch_ms", t_fused * 1e3, "ms", "ResidualNet 4-64x3-1, batch 500, 20,000 rows");
  report.add("ace_samples_per_s", double(rows) / t_fused, "samples/s");
  report.add("ace_gflops", gflops, "GFLOP/s", "3x forward FLOPs");
  report.add("ace_fraction_of_gemm_limit", gflops / limit, "ratio", "target >= 0.40");

  progress(options, "ACE network epoch (fused, chunking off)");
  nn::ResidualNet net_nochunk(ace, rng);
  const double t_nochunk = epoch_seconds(net_nochunk, x, y, 500, epochs, 0);
  report.add("ace_epoch_ms_unchunked", t_nochunk * 1e3, "ms", "whole minibatch on one tape, parallel GEMMs");

  progress(options, "ACE network epoch (reference composition)");
  nn::ResidualNet ref(ace, rng);
  ref.set_fused(false);
  const double t_ref = epoch_seconds(ref, x, y, 500, epochs, 100);
  report.add("ace_epoch_ms_reference", t_ref * 1e3, "ms", "unfused core-op composition");
  report.add("ace_fused_speedup", t_ref / t_fused, "ratio", "reference time / fused time");

  // The same on one thread against the one-thread GEMM limit: a figure that stays meaningful
  // when other processes compete for the cores (parallel regions then stall).
  double limit1 = 0;
  {
    ThreadCountGuard one(1);
    progress(options, "GEMM limit, 1 thread");
    limit1 = gemm_gflops(512, options.min_seconds);
    progress(options, "ACE network epoch, 1 thread");
    nn::ResidualNet net1(ace, rng);
    const double cpu0 = process_cpu_seconds();
    const double t1 = epoch_seconds(net1, x, y, 500, epochs, 100);
    // CPU time per epoch (all epochs incl. warm-up): unaffected by waiting for a busy core.
    const double fused_cpu = (process_cpu_seconds() - cpu0) / epochs;
    report.add("ace_epoch_cpu_ms_1thread", fused_cpu * 1e3, "ms",
               "process CPU time per epoch on one thread");
    report.add("gemm_limit_1thread", limit1, "GFLOP/s");
    report.add("ace_epoch_ms_1thread", t1 * 1e3, "ms");
    report.add("ace_fraction_of_gemm_limit_1thread", ace_flops_row * double(rows) / t1 * 1e-9 / limit1,
               "ratio");
    report.add("ace_thread_speedup", t1 / t_fused, "ratio", "1-thread time / all-thread time");
    progress(options, "ACE network epoch, reference composition, 1 thread");
    nn::ResidualNet ref1(ace, rng);
    ref1.set_fused(false);
    const double cpu1 = process_cpu_seconds();
    epoch_seconds(ref1, x, y, 500, epochs, 100);
    const double ref_cpu = (process_cpu_seconds() - cpu1) / epochs;
    report.add("ace_epoch_cpu_ms_reference_1thread", ref_cpu * 1e3, "ms", "unfused, CPU time");
    report.add("ace_fused_speedup_cpu_1thread", ref_cpu / fused_cpu, "ratio",
               "reference / fused CPU time per epoch, one thread");
  }

  progress(options, "MAF conditioner-size MLP epoch");
  const MatrixF xm = normal_matrix(rng, rows, 10), ym = normal_matrix(rng, rows, 10);
  const nn::MLPSettings maf_config{10, {50, 50}, 10, nn::Activation::Tanh, nn::Activation::Identity};
  const double maf_flops_row = 3.0 * 2.0 * double(10 * 50 + 50 * 50 + 50 * 10);
  nn::MLP maf(maf_config, rng);
  const double t_maf = epoch_seconds(maf, xm, ym, 200, epochs, 100);
  report.add("maf_mlp_epoch_ms", t_maf * 1e3, "ms", "MLP 10-50-50-10 tanh, batch 200, 20,000 rows");
  report.add("maf_mlp_samples_per_s", double(rows) / t_maf, "samples/s");
  report.add("maf_mlp_fraction_of_gemm_limit", maf_flops_row * double(rows) / t_maf * 1e-9 / limit,
             "ratio");
  {
    ThreadCountGuard one(1);
    progress(options, "MAF conditioner-size MLP epoch, 1 thread");
    nn::MLP maf1(maf_config, rng);
    const double t1 = epoch_seconds(maf1, xm, ym, 200, epochs, 100);
    report.add("maf_mlp_epoch_ms_1thread", t1 * 1e3, "ms");
    report.add("maf_mlp_fraction_of_gemm_limit_1thread",
               maf_flops_row * double(rows) / t1 * 1e-9 / limit1, "ratio");
  }
}

}  // namespace

SBI_BENCH_SUITE("nn", "training epochs of the ACE and MAF-size networks vs the GEMM limit", run_nn);

}  // namespace sbi::bench
