// `sbi bench small-gemm`: the products of one training step at sbi's sizes (chunks of 100 and
// 200 rows, 50 hidden units, float, one thread), as Eigen GEMMs (what `sbi bench flows` calls the
// GEMM limit) against the register tiles of core/small_gemm.hpp (what the trainer's chunks run)
// and of nn::DenseRows (the flow evaluator's forward product, weight pre-transposed):
//   forward       Y = X·Wᵀ      (rows×50 · 50×50)
//   input grad    D_X = D·W     (the same shape)
//   weight grad   D_W = Dᵀ·X    (50×rows · rows×50)
// and the weight gradient of a thin first layer (2 or 5 inputs → 50) on core/skinny_gemm.hpp.
// Process CPU time per product in alternating batches (median), GFLOP/s = 2·m·n·k / time, and
// the median of the per-batch time ratios.

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "bench/harness.hpp"
#include "core/parallel.hpp"
#include "core/skinny_gemm.hpp"
#include "core/small_gemm.hpp"
#include "nn/dense_rows.hpp"

namespace sbi::bench {

namespace {

struct Paired {
  double a = 0, b = 0;  // median CPU seconds per call
  double ratio = 0;     // median over batches of a / b
};

// `a` and `b` in alternating batches of `calls` calls (after one warm-up batch each), so that
// both see the same load of a shared machine: the per-batch ratio is what the machine's noise
// affects least.
Paired paired_seconds(const std::function<void()>& a, const std::function<void()>& b, int calls) {
  std::vector<double> ta, tb, ratio;
  for (int batch = 0; batch < 16; ++batch) {
    const double t0 = process_cpu_seconds();
    for (int c = 0; c < calls; ++c) a();
    const double t1 = process_cpu_seconds();
    for (int c = 0; c < calls; ++c) b();
    const double t2 = process_cpu_seconds();
    if (batch == 0) continue;
    ta.push_back((t1 - t0) / calls);
    tb.push_back((t2 - t1) / calls);
    ratio.push_back((t1 - t0) / std::max(t2 - t1, 1e-12));
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  return {median(ta), median(tb), median(ratio)};
}

ConstMapF cmap(const MatrixF& m) { return ConstMapF(m.data(), m.rows(), m.cols()); }
MapF map(MatrixF& m) { return MapF(m.data(), m.rows(), m.cols()); }

void report_pair(Report& report, const std::string& tag, const std::string& product, const std::string& other,
                 const Paired& p, double flops) {
  report.add(tag + " " + product + ", Eigen", flops / p.a * 1e-9, "GFLOP/s", "one thread, CPU time");
  report.add(tag + " " + product + ", " + other, flops / p.b * 1e-9, "GFLOP/s", "register tiles or rows");
  report.add(tag + " " + product + " speed-up", p.ratio, "x", "Eigen / " + other + ", median of paired batches");
}

void run_shape(Report& report, const Options& options, Index rows, Index width) {
  const std::string tag = std::to_string(rows) + "x" + std::to_string(width) + "x" + std::to_string(width);
  progress(options, "small-gemm " + tag);
  const MatrixF x = MatrixF::Random(rows, width), w = MatrixF::Random(width, width), d = MatrixF::Random(rows, width);
  MatrixF y(rows, width), dx(rows, width), dw(width, width);
  const nn::DenseRows evaluator(w, MatrixF::Zero(1, width));
  nn::RowBuffer out;
  out.reserve(nn::padded_rows(rows), evaluator.width());
  const int calls = std::max(20, static_cast<int>(200 * options.min_seconds * 100 / double(rows)));
  const double flops = 2.0 * double(rows) * double(width) * double(width);
  report_pair(report, tag, "forward X*W^T", "small_gemm",
              paired_seconds([&] { y.noalias() = x * w.transpose(); },
                             [&] { small_gemm(cmap(x), Trans::No, cmap(w), Trans::Yes, 0.f, map(y)); }, calls),
              flops);
  report_pair(report, tag, "forward X*W^T", "DenseRows",
              paired_seconds([&] { y.noalias() = x * w.transpose(); },
                             [&] { evaluator.apply(x.data(), width, rows, out.data(), out.ld()); }, calls),
              flops);
  report_pair(report, tag, "input grad D*W", "small_gemm",
              paired_seconds([&] { dx.noalias() += d * w; },
                             [&] { small_gemm(cmap(d), Trans::No, cmap(w), Trans::No, 1.f, map(dx)); }, calls),
              flops);
  report_pair(report, tag, "weight grad D^T*X", "small_gemm",
              paired_seconds([&] { dw.noalias() += d.transpose() * x; },
                             [&] { small_gemm(cmap(d), Trans::Yes, cmap(x), Trans::No, 1.f, map(dw)); }, calls),
              flops);
}

// The weight gradient of an `inputs` → width first layer: Dᵀ·X, 50×rows · rows×inputs.
void run_thin_weight_grad(Report& report, const Options& options, Index rows, Index width, Index inputs) {
  const std::string tag = std::to_string(width) + "x" + std::to_string(rows) + "x" + std::to_string(inputs);
  progress(options, "small-gemm " + tag);
  const MatrixF x = MatrixF::Random(rows, inputs), d = MatrixF::Random(rows, width);
  MatrixF dw = MatrixF::Zero(width, inputs);
  const int calls = std::max(20, static_cast<int>(2000 * options.min_seconds * 100 / double(rows)));
  report_pair(report, tag, "thin weight grad D^T*X", "skinny_gemm",
              paired_seconds([&] { dw.noalias() += d.transpose() * x; },
                             [&] { skinny_gemm(cmap(d), Trans::Yes, cmap(x), Trans::No, 1.f, map(dw)); }, calls),
              2.0 * double(rows) * double(width) * double(inputs));
}

void run_small_gemm(Report& report, const Options& options) {
  ThreadCountGuard one_thread(1);
  for (Index rows : {100, 200}) run_shape(report, options, rows, 50);
  for (Index inputs : {2, 5}) run_thin_weight_grad(report, options, 100, 50, inputs);
}

}  // namespace

SBI_BENCH_SUITE("small-gemm",
                "training-step products at sbi's sizes: Eigen GEMM vs the register tiles of small_gemm and DenseRows "
                "(1 thread)",
                run_small_gemm);

}  // namespace sbi::bench
