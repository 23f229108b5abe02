// Hodgkin–Huxley kernel: one thread per simulation runs the exponential-Euler steps of
// simulators/hodgkin_huxley_model.hpp (hh::step, the CPU paths' own step) and streams the trace into the 7 summary statistics (the trace is never stored).
// This file is compiled with -fmad=false: the device then rounds every a·b + c like the CPU
// reference (which disables contraction), and exp_det's explicit fma() calls stay fused.
#include "cuda/error.hpp"
#include "cuda/kernels.hpp"

namespace sbi::cuda::kernels {

namespace {
__global__ void hh_kernel(const double* theta, const double* current, int samples, double dt,
                          double v0, hh::Windows windows, double* stats, int n,
                          std::uint64_t seed, std::uint64_t offset) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const hh::Parameters q = hh::Parameters::from_theta(theta + std::int64_t(i) * 8);
  PhiloxStream rng(seed, offset + std::uint64_t(i));
  const double noise_scale = q.sigma / sqrt(dt);
  hh::State s = hh::initial_state(q, v0);
  hh::StreamingStats acc;
  acc.add(0, s.v, windows);
  for (int k = 1; k < samples; ++k) {
    hh::step(s, q, current[k - 1], rng.normal(), dt, noise_scale);
    acc.add(std::uint64_t(k), s.v, windows);
  }
  acc.finish(stats + std::int64_t(i) * 7, windows);
}
}  // namespace

void hh_simulate(const double* theta, const double* current, int samples, double dt, double v0,
                 const hh::Windows& windows, double* stats, int n, std::uint64_t seed,
                 std::uint64_t stream_offset, cudaStream_t stream) {
  hh_kernel<<<(n + 127) / 128, 128, 0, stream>>>(theta, current, samples, dt, v0, windows, stats,
                                                 n, seed, stream_offset);
  SBI_CUDA_CHECK_LAUNCH("hh_kernel");
}

}  // namespace sbi::cuda::kernels
