// `sbi bench autodiff`: the cost of the tape. Forward+backward of a 3-hidden-layer, 64-wide tanh
// MLP (input 8, output 1, squared-error loss) on a batch of 512:
//   (a) through the autodiff tape (generic ops, arena, recorded backward), and
//   (b) the same arithmetic written by hand with Eigen and the same GEMM routine,
// reporting a/b (the tape overhead; target ≤ 1.3) and Eigen's float GEMM GFLOP/s on this
// machine as the limit later benchmarks compare against.
#include <cmath>

#include "bench/harness.hpp"
#include "core/gemm.hpp"
#include "core/ops.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"

namespace sbi::bench {

namespace {

constexpr Index kBatch = 512, kIn = 8, kWidth = 64, kLayers = 3;

struct Mlp {
  std::vector<MatrixF> w, b, gw, gb;  // w[l] is out×in (x·Wᵀ + b)
  explicit Mlp(Rng& rng) {
    Index in = kIn;
    for (Index l = 0; l <= kLayers; ++l) {
      const Index out = l == kLayers ? 1 : kWidth;
      MatrixF wl(out, in), bl(1, out);
      const double bound = 1.0 / std::sqrt(double(in));
      for (Index i = 0; i < wl.size(); ++i) wl.data()[i] = float(rng.uniform(-bound, bound));
      for (Index i = 0; i < bl.size(); ++i) bl.data()[i] = float(rng.uniform(-bound, bound));
      w.push_back(wl);
      b.push_back(bl);
      gw.push_back(MatrixF::Zero(out, in));
      gb.push_back(MatrixF::Zero(1, out));
      in = out;
    }
  }
};

ConstMapF cm(const MatrixF& m) { return {m.data(), m.rows(), m.cols()}; }
MapF mm(MatrixF& m) { return {m.data(), m.rows(), m.cols()}; }

// (a) Through the tape.
float tape_step(ad::Tape& tape, Mlp& net, const MatrixF& x, const MatrixF& y) {
  using namespace ad;
  tape.reset();
  Var h = tape.constant(x);
  for (Index l = 0; l <= kLayers; ++l) {
    h = add(matmul_nt(h, tape.parameter(net.w[l], net.gw[l])), tape.parameter(net.b[l], net.gb[l]));
    if (l < kLayers) h = tanh(h);
  }
  Var loss = mean(square(sub(h, tape.constant(y))));
  tape.backward(loss);
  return loss.value()(0, 0);
}

// (b) By hand: the same forward and backward passes with preallocated buffers.
struct HandWritten {
  std::vector<MatrixF> act, delta;  // act[0] = x, act[l+1] = layer l output
  explicit HandWritten() {
    act.emplace_back(kBatch, kIn);
    for (Index l = 0; l <= kLayers; ++l) {
      act.emplace_back(kBatch, l == kLayers ? 1 : kWidth);
      delta.emplace_back(kBatch, l == kLayers ? 1 : kWidth);
    }
  }
  float step(Mlp& net, const MatrixF& x, const MatrixF& y) {
    act[0] = x;
    for (Index l = 0; l <= kLayers; ++l) {
      MatrixF& z = act[l + 1];
      gemm(1.f, cm(act[l]), Trans::No, cm(net.w[l]), Trans::Yes, 0.f, mm(z));
      z.rowwise() += net.b[l].row(0);
      if (l < kLayers) z.array() = z.array().tanh();
    }
    const float n = float(kBatch);
    delta[kLayers] = (act[kLayers + 1] - y) * (2.f / n);
    const float loss = (act[kLayers + 1] - y).squaredNorm() / n;
    for (Index l = kLayers; l >= 0; --l) {
      gemm(1.f, cm(delta[l]), Trans::Yes, cm(act[l]), Trans::No, 1.f, mm(net.gw[l]));
      net.gb[l] += delta[l].colwise().sum();
      if (l > 0) {
        gemm(1.f, cm(delta[l]), Trans::No, cm(net.w[l]), Trans::No, 0.f, mm(delta[l - 1]));
        delta[l - 1].array() *= 1.f - act[l].array().square();
      }
    }
    return loss;
  }
};

void run(Report& report, const Options& options) {
  Rng rng(1);
  Mlp net(rng);
  MatrixF x(kBatch, kIn), y(kBatch, 1);
  for (Index i = 0; i < x.size(); ++i) x.data()[i] = float(rng.normal());
  for (Index i = 0; i < y.size(); ++i) y.data()[i] = float(rng.normal());

  ad::Tape tape;
  HandWritten hand;
  // Both paths must compute the same loss and gradients.
  Mlp check_a = net, check_b = net;
  const float la = tape_step(tape, check_a, x, y), lb = hand.step(check_b, x, y);
  const double grad_diff = (check_a.gw[0] - check_b.gw[0]).cwiseAbs().maxCoeff();

  double flops = 0;
  for (Index l = 0; l <= kLayers; ++l) flops += 2.0 * kBatch * double(net.w[l].size());
  flops *= 3;  // forward + two backward products per layer

  for (int threads : {1, num_threads()}) {
    ThreadCountGuard guard(threads);
    const std::string suffix = " [" + std::to_string(threads) + " thread" + (threads > 1 ? "s]" : "]");
    progress(options, "tape" + suffix);
    const double t_tape = seconds_per_call([&] { tape_step(tape, net, x, y); }, options.min_seconds);
    progress(options, "hand-written" + suffix);
    const double t_hand = seconds_per_call([&] { hand.step(net, x, y); }, options.min_seconds);
    progress(options, "gemm limit" + suffix);
    const double limit = gemm_gflops(512, options.min_seconds);
    report.add("tape fwd+bwd" + suffix, t_tape * 1e6, "us/step",
               std::to_string(int(flops / t_tape * 1e-9 / limit * 100)) + "% of GEMM limit");
    report.add("hand-written Eigen fwd+bwd" + suffix, t_hand * 1e6, "us/step");
    report.add("tape overhead ratio (a/b)" + suffix, t_tape / t_hand, "x", "target <= 1.3");
    report.add("GEMM limit (Eigen float 512^3)" + suffix, limit, "GFLOP/s");
  }
  report.add("loss difference tape vs hand", std::abs(la - lb), "abs");
  report.add("max gradient difference tape vs hand", grad_diff, "abs");
}

}  // namespace

SBI_BENCH_SUITE("autodiff", "tape forward+backward of a 64-wide MLP vs hand-written Eigen", run);

}  // namespace sbi::bench
