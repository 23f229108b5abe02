// `sbi bench small-gemm`: the products of one training step at sbi's sizes (chunks of 100 and
// 200 rows, 50 hidden units, float, one thread), as Eigen's GEMM (what the tape runs, and what
// `sbi bench flows` calls the GEMM limit) against the register-tiled nn::DenseRows kernel of the
// flow evaluator:
//   forward       Y = X·Wᵀ      (rows×50 · 50×50)
//   input grad    D_X = D·W     (the same shape: DenseRows on Wᵀ)
//   weight grad   D_W = Dᵀ·X    (50×rows · rows×50; Eigen only: a reduction over the rows)
// Process CPU time per product (median of batches), GFLOP/s = 2·m·n·k / time. The question it
// answers: is Eigen's GEMM the limit at these sizes, or can a hand-written kernel beat it?

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "bench/harness.hpp"
#include "core/parallel.hpp"
#include "nn/dense_rows.hpp"

namespace sbi::bench {

namespace {

// Median CPU seconds per call over 7 batches of `calls` calls (after one warm-up batch).
double cpu_seconds_per_call(const std::function<void()>& fn, int calls) {
  std::vector<double> per_call;
  for (int batch = 0; batch < 8; ++batch) {
    const double t0 = process_cpu_seconds();
    for (int c = 0; c < calls; ++c) fn();
    if (batch > 0) per_call.push_back((process_cpu_seconds() - t0) / calls);
  }
  std::sort(per_call.begin(), per_call.end());
  return per_call[per_call.size() / 2];
}

using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

void run_shape(Report& report, const Options& options, Index rows, Index width) {
  const std::string tag = std::to_string(rows) + "x" + std::to_string(width) + "x" + std::to_string(width);
  progress(options, "small-gemm " + tag);
  const MatrixF x = MatrixF::Random(rows, width), w = MatrixF::Random(width, width), d = MatrixF::Random(rows, width);
  const MatrixF zero_bias = MatrixF::Zero(1, width);
  const RowMatrixF x_rows = x, d_rows = d;
  MatrixF y(rows, width), dw(width, width);
  const nn::DenseRows forward(w, zero_bias), input_grad(MatrixF(w.transpose()), zero_bias);
  nn::RowBuffer out;
  out.reserve(nn::padded_rows(rows), forward.width());
  const int calls = std::max(50, static_cast<int>(2000 * options.min_seconds * 100 / double(rows)));
  const double flops = 2.0 * double(rows) * double(width) * double(width);
  auto gflops = [flops](double s) { return flops / s * 1e-9; };
  const double eigen_fwd = cpu_seconds_per_call([&] { y.noalias() = x * w.transpose(); }, calls);
  const double tiled_fwd = cpu_seconds_per_call([&] { forward.apply(x_rows.data(), width, rows, out.data(), out.ld()); }, calls);
  const double eigen_bwd = cpu_seconds_per_call([&] { y.noalias() = d * w; }, calls);
  const double tiled_bwd = cpu_seconds_per_call([&] { input_grad.apply(d_rows.data(), width, rows, out.data(), out.ld()); }, calls);
  const double eigen_wgrad = cpu_seconds_per_call([&] { dw.noalias() = d.transpose() * x; }, calls);
  report.add(tag + " forward X*W^T, Eigen", gflops(eigen_fwd), "GFLOP/s", "one thread, CPU time");
  report.add(tag + " forward X*W^T, DenseRows", gflops(tiled_fwd), "GFLOP/s", "register-tiled");
  report.add(tag + " forward speed-up", eigen_fwd / tiled_fwd, "x", "Eigen / DenseRows");
  report.add(tag + " input grad D*W, Eigen", gflops(eigen_bwd), "GFLOP/s");
  report.add(tag + " input grad D*W, DenseRows", gflops(tiled_bwd), "GFLOP/s");
  report.add(tag + " input grad speed-up", eigen_bwd / tiled_bwd, "x", "Eigen / DenseRows");
  report.add(tag + " weight grad D^T*X, Eigen", gflops(eigen_wgrad), "GFLOP/s");
}

void run_small_gemm(Report& report, const Options& options) {
  ThreadCountGuard one_thread(1);
  for (Index rows : {100, 200}) run_shape(report, options, rows, 50);
}

}  // namespace

SBI_BENCH_SUITE("small-gemm", "training-step products at sbi's sizes: Eigen GEMM vs the register-tiled DenseRows kernel (1 thread)",
                run_small_gemm);

}  // namespace sbi::bench
