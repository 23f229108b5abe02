// Batched MCMC kernels: one thread per chain runs whole MH or slice steps (mcmc/chain_steps.hpp)
// against the ACE-like MLP potential (mlp_potential_math.hpp); all chains advance in one launch
// per call, however many steps it covers, so there is no host round trip per step.
#include "cuda/error.hpp"
#include "cuda/kernels.hpp"

namespace sbi::cuda::kernels {

namespace {

struct DeviceLogDensity {
  const CostPotentialView* potential;
  __device__ double operator()(const double* theta) const {
    return sbi::cuda::cost_log_density(*potential, theta);
  }
};

__global__ void cost_log_density_kernel(CostPotentialView potential, const double* theta,
                                        double* out, int chains) {
  const int c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= chains) return;
  out[c] = sbi::cuda::cost_log_density(potential, theta + std::int64_t(c) * potential.theta_dim);
}

__global__ void init_streams_kernel(PhiloxStream* rng, int chains, std::uint64_t seed,
                                    std::uint64_t offset) {
  const int c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c < chains) rng[c] = PhiloxStream(seed, offset + std::uint64_t(c));
}

__global__ void sample_chains_kernel(CostPotentialView potential, ChainBlock b, int method,
                                     int steps, int thin, int max_step_out, int max_shrink,
                                     double* draws) {
  const int c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= b.chains) return;
  const int dim = b.dim;
  double x[kMaxThetaDim], work[kMaxThetaDim], scale[kMaxThetaDim];
  for (int d = 0; d < dim; ++d) {
    x[d] = b.x[std::int64_t(c) * dim + d];
    scale[d] = b.scale[std::int64_t(c) * dim + d];
  }
  double logp = b.logp[c];
  PhiloxStream rng = b.rng[c];
  const DeviceLogDensity f{&potential};
  unsigned long long accepted = 0, evaluations = 0;
  for (int s = 0; s < steps; ++s) {
    if (method == static_cast<int>(StepMethod::Metropolis)) {
      accepted += mcmc::mh_step(f, x, logp, work, dim, scale, rng) ? 1 : 0;
      evaluations += 1;
    } else {
      evaluations += mcmc::slice_sweep(f, x, logp, dim, scale, max_step_out, max_shrink, rng);
    }
    if (draws != nullptr && (s + 1) % thin == 0) {
      double* row = draws + (std::int64_t(s / thin) * b.chains + c) * dim;
      for (int d = 0; d < dim; ++d) row[d] = x[d];
    }
  }
  for (int d = 0; d < dim; ++d) b.x[std::int64_t(c) * dim + d] = x[d];
  b.logp[c] = logp;
  b.rng[c] = rng;
  b.accepted[c] += accepted;
  b.evaluations[c] += evaluations;
}

}  // namespace

void cost_log_density(const CostPotentialView& potential, const double* theta, double* out,
                      int chains, cudaStream_t stream) {
  cost_log_density_kernel<<<(chains + 127) / 128, 128, 0, stream>>>(potential, theta, out, chains);
  SBI_CUDA_CHECK_LAUNCH("cost_log_density_kernel");
}

void init_chain_streams(PhiloxStream* rng, int chains, std::uint64_t seed,
                        std::uint64_t stream_offset, cudaStream_t stream) {
  init_streams_kernel<<<(chains + 255) / 256, 256, 0, stream>>>(rng, chains, seed, stream_offset);
  SBI_CUDA_CHECK_LAUNCH("init_streams_kernel");
}

void sample_chains(const CostPotentialView& potential, const ChainBlock& chains,
                   StepMethod method, int steps, int thin, int max_step_out, int max_shrink,
                   double* draws, cudaStream_t stream) {
  sample_chains_kernel<<<(chains.chains + 127) / 128, 128, 0, stream>>>(
      potential, chains, static_cast<int>(method), steps, thin, max_step_out, max_shrink, draws);
  SBI_CUDA_CHECK_LAUNCH("sample_chains_kernel");
}

}  // namespace sbi::cuda::kernels
