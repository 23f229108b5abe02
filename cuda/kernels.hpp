// Host-callable launchers of the sbi++ CUDA kernels (plain C++ declarations, so .cpp files
// compiled by the host compiler can queue kernels). Every launcher queues on `stream`, checks
// the launch (SBI_CUDA_CHECK_LAUNCH) and returns without synchronising. Matrices are row-major.
#pragma once
#include <cstdint>

#include <cuda_runtime_api.h>

#include "core/philox_stream.hpp"
#include "cuda/mlp_potential_math.hpp"
#include "flows/rq_spline_math.hpp"
#include "mcmc/chain_steps.hpp"
#include "nn/adam_math.hpp"
#include "simulators/hodgkin_huxley_model.hpp"
#include "simulators/hodgkin_huxley_streaming_stats.hpp"

namespace sbi::cuda {
// The per-element maths is written once in the lower modules (core, nn, flows, simulators,
// mcmc) with SBI_HD; the kernels use it under these names.
using flows::RqSplineShape;
using mcmc::StepMethod;
using nn::AdamCoefficients;
namespace hh = sim::hh;
}  // namespace sbi::cuda

namespace sbi::cuda::kernels {

// ---- networks (kernels_mlp.cu) ----
// y ← act(y + b) over rows × cols (b broadcast over rows); z_keep (optional) ← y + b.
void bias_activation_forward(float* y, const float* bias, float* z_keep, int rows, int cols,
                             int act, cudaStream_t stream);
// The unfused pair of the same computation (for the benchmark's baseline).
void bias_add(float* y, const float* bias, int rows, int cols, cudaStream_t stream);
void activation_apply(float* y, float* z_keep, int count, int act, cudaStream_t stream);
// Number of row blocks the fused backward splits `rows` into (size of its partial sums).
int bias_partial_blocks(int rows);
// g ← g ⊙ act'(·) from the output y (and z, silu only), and db ← Σ_rows g, in one pass plus a
// deterministic reduction of per-block partial sums (partial: bias_partial_blocks(rows) × cols).
void activation_backward_bias(float* g, const float* y, const float* z, float* db, float* partial,
                              int rows, int cols, int act, cudaStream_t stream);
// g ← g ⊙ act'(·) only (unfused path; the bias gradient then comes from a GEMV).
void activation_backward(float* g, const float* y, const float* z, int count, int act,
                         cudaStream_t stream);
// Mean squared error over n values: dy ← 2(y - t)/n and *loss ← Σ(y - t)²/n (partial: 1024).
void mse_loss_grad(const float* y, const float* t, float* dy, float* loss, float* partial, int n,
                   cudaStream_t stream);
// One Adam step over n parameters stored contiguously.
void adam_update(float* p, float* m, float* v, const float* g, std::int64_t n,
                 const AdamCoefficients& c, cudaStream_t stream);
// out ← value.
void fill(float* out, float value, std::int64_t n, cudaStream_t stream);

// ---- flows (kernels_flows.cu) ----
// Elementwise spline over rows × dims: params row-major rows × (dims·(3K-1)), dimension d of
// row r using params[r][d·(3K-1) ...]. out ← y (or x), logdet ← per-row Σ_d log|det| (rows).
void rq_spline(const float* in, const float* params, float* out, float* logdet, int rows,
               int dims, const RqSplineShape& shape, bool inverse, cudaStream_t stream);

// ---- batched MCMC (kernels_sampler.cu) ----
// log p of `chains` rows of θ (chains × theta_dim, double) into out.
void cost_log_density(const CostPotentialView& potential, const double* theta, double* out,
                      int chains, cudaStream_t stream);
// The per-chain random streams: rng[c] ← PhiloxStream(seed, stream_offset + c).
void init_chain_streams(PhiloxStream* rng, int chains, std::uint64_t seed,
                        std::uint64_t stream_offset, cudaStream_t stream);
// The state of a block of chains on the device (all arrays chain-major).
struct ChainBlock {
  double* x = nullptr;                     // chains × dim
  double* logp = nullptr;                  // chains
  PhiloxStream* rng = nullptr;             // chains (state carried across launches)
  const double* scale = nullptr;           // chains × dim: MH step sd, or slice width
  unsigned long long* accepted = nullptr;     // chains (MH acceptances)
  unsigned long long* evaluations = nullptr;  // chains (density evaluations)
  int chains = 0;
  int dim = 0;
};
// `steps` steps of every chain in ONE launch (one thread per chain, no host round trip); every
// `thin`-th step's state is written to draws[(step / thin) × chains × dim] unless draws is null.
void sample_chains(const CostPotentialView& potential, const ChainBlock& chains,
                   StepMethod method, int steps, int thin, int max_step_out, int max_shrink,
                   double* draws, cudaStream_t stream);

// ---- Hodgkin–Huxley (kernels_hh.cu, compiled with -fmad=false) ----
// One thread per simulation: theta (n × 8), current (samples), stats (n × 7). Simulation i
// draws its noise from Philox stream (seed, stream_offset + i) with PhiloxStream::normal().
void hh_simulate(const double* theta, const double* current, int samples, double dt, double v0,
                 const hh::Windows& windows, double* stats, int n, std::uint64_t seed,
                 std::uint64_t stream_offset, cudaStream_t stream);

}  // namespace sbi::cuda::kernels
