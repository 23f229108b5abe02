// `sbi bench cuda` (only in builds with the CUDA backend): the GPU path against the CPU path and
// against a cuBLAS-only bound measured in the same run (issue 10). Without a usable GPU the suite
// reports one "no_gpu" row with the reason and returns.
//  - MLP training samples/s (forward + MSE + backward + Adam) of the ACE-shaped network
//    MLP(4, 7 × 64 ReLU, 1 softplus; the GEMM shapes of ResidualNet(4, 3 blocks × 64)) and of a
//    4-layer 256-wide MLP, at batch 16,384: fused kernels, unfused (separate bias, activation
//    and derivative kernels, GEMV bias gradient), the cuBLAS-only bound (the same SGEMMs alone)
//    and the CPU tape at batch 2,048. Ratios: fused/unfused, fused/CPU, fused/bound.
//  - Batched MCMC on the ACE-like potential (θ dim 2, x_o dim 2) for 10³ ... 10⁶ chains:
//    potential evaluations/s of MH (one per step) and slice, and samples/s (chain steps per s).
//  - Hodgkin–Huxley: simulations/s on the synthetic step protocol (72,500 samples), GPU (one
//    thread per simulation) against the CPU batch simulator with all threads.
#if SBI_HAVE_CUDA
#include <algorithm>
#include <chrono>
#include <string>

#include "bench/harness.hpp"
#include "core/ops.hpp"
#include "core/parallel.hpp"
#include "cuda/batched_sampler.hpp"
#include "cuda/cublas_library.hpp"
#include "cuda/device.hpp"
#include "cuda/error.hpp"
#include "cuda/hh_gpu.hpp"
#include "cuda/mlp.hpp"
#include "nn/optimizer.hpp"
#include "simulators/hodgkin_huxley.hpp"

namespace sbi::bench {

namespace {

MatrixF normal_matrix(Rng& rng, Index r, Index c) {
  MatrixF m(r, c);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.normal());
  return m;
}

// Seconds per call of a GPU step: calls `fn` then synchronises the stream inside the timing.
double gpu_seconds(cuda::Stream& stream, const std::function<void()>& fn, double min_seconds) {
  return seconds_per_call([&] {
    fn();
    stream.synchronize();
  }, min_seconds);
}

// The SGEMMs of one training step (forward 1, backward 2 per layer; no dX for the first) alone.
double cublas_bound_seconds(cuda::Stream& stream, const std::vector<Index>& widths, int batch,
                            double min_seconds) {
  std::size_t most = 0, weights = 0;
  for (Index w : widths) most = std::max(most, std::size_t(w));
  for (std::size_t l = 0; l + 1 < widths.size(); ++l) weights += std::size_t(widths[l] * widths[l + 1]);
  cuda::DeviceBuffer<float> a(most * batch), b(most * batch), c(most * batch), w(weights), gw(weights);
  a.fill_zero();
  b.fill_zero();
  w.fill_zero();
  const float one = 1.f, zero = 0.f;
  auto step = [&] {
    std::size_t off = 0;
    for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
      const int in = int(widths[l]), out = int(widths[l + 1]);
      SBI_CUBLAS_CHECK(cuda::cublas().sgemm(stream.blas(), CUBLAS_OP_T, CUBLAS_OP_N, out, batch, in, &one,
                                   w.data() + off, in, a.data(), in, &zero, c.data(), out));
      SBI_CUBLAS_CHECK(cuda::cublas().sgemm(stream.blas(), CUBLAS_OP_N, CUBLAS_OP_T, in, out, batch, &one,
                                   a.data(), in, b.data(), out, &zero, gw.data() + off, in));
      if (l > 0)
        SBI_CUBLAS_CHECK(cuda::cublas().sgemm(stream.blas(), CUBLAS_OP_N, CUBLAS_OP_N, in, batch, out, &one,
                                     w.data() + off, in, b.data(), out, &zero, c.data(), in));
      off += std::size_t(in * out);
    }
  };
  return gpu_seconds(stream, step, min_seconds);
}

void bench_training(Report& report, const Options& options, const std::string& name,
                    const nn::MLPSettings& cfg, cuda::Stream& stream) {
  Rng rng(11);
  nn::MLP net(cfg, rng);
  const int batch = 16384, cpu_batch = 2048;
  const MatrixF x = normal_matrix(rng, batch, cfg.in), t = normal_matrix(rng, batch, cfg.out);
  cuda::DeviceBuffer<float> dx(std::size_t(x.size())), dt(std::size_t(t.size()));
  dx.upload(x.data(), std::size_t(x.size()));
  dt.upload(t.data(), std::size_t(t.size()));
  cuda::Mlp gpu(net, stream);

  progress(options, name + " GPU fused");
  gpu.set_fused(true);
  const double fused = gpu_seconds(stream, [&] { gpu.train_step(dx.data(), dt.data(), batch); }, options.min_seconds);
  progress(options, name + " GPU unfused");
  gpu.set_fused(false);
  const double unfused = gpu_seconds(stream, [&] { gpu.train_step(dx.data(), dt.data(), batch); }, options.min_seconds);
  progress(options, name + " cuBLAS-only bound");
  std::vector<Index> widths{cfg.in};
  for (Index h : cfg.hidden) widths.push_back(h);
  widths.push_back(cfg.out);
  const double bound = cublas_bound_seconds(stream, widths, batch, options.min_seconds);

  progress(options, name + " CPU tape");
  const MatrixF xc = x.topRows(cpu_batch), tc = t.topRows(cpu_batch);
  nn::Adam adam(net.parameters());
  ad::Tape tape;
  const double cpu = seconds_per_call([&] {
    tape.reset();
    net.zero_grad();
    ad::Var y = net.forward(tape, tape.constant(xc));
    tape.backward(ad::mean(ad::square(ad::sub(y, tape.constant(tc)))));
    adam.step();
  }, options.min_seconds);

  const double s_fused = batch / fused, s_unfused = batch / unfused, s_bound = batch / bound;
  const double s_cpu = cpu_batch / cpu;
  report.add(name + "_gpu_fused", s_fused, "samples/s", "batch 16384, MSE + Adam step");
  report.add(name + "_gpu_unfused", s_unfused, "samples/s", "separate bias/activation kernels");
  report.add(name + "_cublas_bound", s_bound, "samples/s", "the step's SGEMMs alone");
  report.add(name + "_cpu", s_cpu, "samples/s",
             "CPU tape, batch 2048, " + std::to_string(num_threads()) + " threads");
  report.add(name + "_fused_vs_unfused", s_fused / s_unfused, "x", "target >= 1.5 at batch >= 16k");
  // A fused step can never beat the SGEMMs alone: the most fusion outside the GEMMs can give.
  report.add(name + "_fused_vs_unfused_ceiling", s_bound / s_unfused, "x",
             "unfused time / cuBLAS-only time");
  report.add(name + "_fused_vs_cpu", s_fused / s_cpu, "x");
  report.add(name + "_fused_vs_bound", s_fused / s_bound, "x", "1.0 = only GEMM time left");
}

void bench_mcmc(Report& report, const Options& options, cuda::Stream& stream) {
  Rng rng(13);
  nn::MLPSettings cfg;
  cfg.in = 4;
  cfg.hidden = std::vector<Index>(7, 64);
  cfg.out = 1;
  cfg.output_activation = nn::Activation::Softplus;
  nn::MLP net(cfg, rng);
  cuda::Mlp gpu(net, stream);
  cuda::CostPotentialSpec spec;
  spec.context = {0.2f, -0.4f};
  spec.out_scale = 1.f;
  spec.beta = 1.0;
  spec.lower = {-2.0, -2.0};
  spec.upper = {2.0, 2.0};
  cuda::CostPotential potential(gpu, spec);
  for (Index chains : {Index(1000), Index(10000), Index(100000), Index(1000000)}) {
    const std::string tag = std::to_string(chains);
    for (cuda::StepMethod method : {cuda::StepMethod::Metropolis, cuda::StepMethod::Slice}) {
      const bool mh = method == cuda::StepMethod::Metropolis;
      progress(options, std::string(mh ? "MH " : "slice ") + tag + " chains");
      cuda::BatchedSampler sampler(potential, MatrixD::Zero(chains, 2), method,
                                   RowVectorD::Constant(2, 0.5), 1, stream);
      const int steps = 20;
      const std::uint64_t before = sampler.evaluations();
      int calls = 0;
      const double s = gpu_seconds(stream, [&] { sampler.run(steps); ++calls; }, options.min_seconds);
      const double evals_per_call = double(sampler.evaluations() - before) / calls;
      report.add(std::string(mh ? "mh_" : "slice_") + "potential_evals_" + tag, evals_per_call / s,
                 "evals/s", "ACE-shaped MLP 4-64x7-1, one launch per 20 steps");
      report.add(std::string(mh ? "mh_" : "slice_") + "samples_" + tag,
                 double(chains) * steps / s, "samples/s", "chain steps per second");
    }
  }
}

void bench_hh(Report& report, const Options& options, cuda::Stream& stream) {
  const sim::HHProtocol protocol = sim::HHProtocol::step();
  sim::HodgkinHuxleySimulator cpu(protocol);
  cuda::HodgkinHuxleyGpu gpu(protocol, stream);
  const std::vector<double> theta0 = sim::HodgkinHuxleySimulator::reference_theta();
  auto thetas = [&](Index n) {
    MatrixD t(n, 8);
    for (Index i = 0; i < n; ++i)
      for (int j = 0; j < 8; ++j) t(i, j) = theta0[j];
    return t;
  };
  progress(options, "Hodgkin-Huxley CPU");
  const Index n_cpu = 64;
  const MatrixD t_cpu = thetas(n_cpu);
  const double cpu_s = seconds_per_call([&] { cpu.simulate(t_cpu, 1); }, options.min_seconds);
  progress(options, "Hodgkin-Huxley GPU");
  const Index n_gpu = 32768;
  const MatrixD t_gpu = thetas(n_gpu);
  cuda::DeviceBuffer<double> d_theta(std::size_t(t_gpu.size())), d_stats(std::size_t(n_gpu) * 7);
  d_theta.upload(t_gpu.data(), std::size_t(t_gpu.size()));
  const double gpu_s = gpu_seconds(stream, [&] { gpu.simulate(d_theta.data(), d_stats.data(), n_gpu, 1, 0); }, options.min_seconds);
  const double cpu_rate = n_cpu / cpu_s, gpu_rate = n_gpu / gpu_s;
  report.add("hh_cpu", cpu_rate, "sims/s", "72,500 steps, " + std::to_string(num_threads()) + " threads");
  report.add("hh_gpu", gpu_rate, "sims/s", "32,768 simulations, one thread each");
  report.add("hh_gpu_vs_cpu", gpu_rate / cpu_rate, "x");
}

void run_cuda(Report& report, const Options& options) {
  if (!cuda::available()) {
    report.add("no_gpu", 0, "", cuda::unavailable_reason());
    return;
  }
  const cuda::DeviceInfo info = cuda::device_info();
  report.add("device_sms", info.multiprocessors, "SMs", info.name);
  cuda::Stream stream;
  nn::MLPSettings ace;
  ace.in = 4;
  ace.hidden = std::vector<Index>(7, 64);
  ace.out = 1;
  ace.output_activation = nn::Activation::Softplus;
  bench_training(report, options, "ace_mlp", ace, stream);
  nn::MLPSettings wide;
  wide.in = 16;
  wide.hidden = {256, 256, 256, 256};
  wide.out = 1;
  bench_training(report, options, "mlp4x256", wide, stream);
  bench_mcmc(report, options, stream);
  bench_hh(report, options, stream);
}

}  // namespace

SBI_BENCH_SUITE("cuda", "GPU training, batched MCMC and Hodgkin-Huxley against CPU and cuBLAS", run_cuda);

}  // namespace sbi::bench
#endif  // SBI_HAVE_CUDA
