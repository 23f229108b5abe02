// Batched MCMC on the GPU for an ACE-like potential: log p(θ) = -β·ĉ(θ, x_o) + log U_box(θ), with
// ĉ a cuda::Mlp cost network (see mlp_potential_math.hpp). Every chain is one GPU thread with its
// own Philox stream (seed, c); run(steps) advances all chains by `steps` MH or slice steps in ONE
// kernel launch (no host round trip per step). The per-chain step logic is mcmc/chain_steps.hpp,
// which the CPU tests exercise on the host.
#pragma once
#include <cstdint>
#include <vector>

#include "core/tensor.hpp"
#include "cuda/buffer.hpp"
#include "cuda/kernels.hpp"
#include "cuda/mlp.hpp"
#include "cuda/stream.hpp"

namespace sbi::cuda {

// The host description of the potential around a cost network with in = θ dim + context dim.
struct CostPotentialSpec {
  std::vector<float> context;      // x_o, appended to θ as network input
  std::vector<float> input_shift;  // empty: 0 (else one per network input)
  std::vector<float> input_scale;  // empty: 1
  float out_scale = 1.f;           // ĉ = out_scale · network output
  double beta = 1.0;
  std::vector<double> lower, upper;  // box prior on θ
};

// The potential's constants on the device, bound to a network (which must outlive it).
class CostPotential {
 public:
  CostPotential(const Mlp& network, const CostPotentialSpec& spec);
  const CostPotentialView& view() const { return view_; }
  int theta_dim() const { return view_.theta_dim; }
  // log p for each row of θ (rows × theta_dim), evaluated on the device in one launch.
  VectorD log_density(const MatrixD& theta, Stream& stream) const;

 private:
  DeviceBuffer<float> context_, shift_, scale_;
  DeviceBuffer<double> lower_, upper_;
  CostPotentialView view_;
};

class BatchedSampler {
 public:
  // init: chains × θ dim (finite log-density required); scale: per-dimension MH step sd or
  // slice width (θ dim values, the same for every chain).
  BatchedSampler(const CostPotential& potential, const MatrixD& init, StepMethod method,
                 const RowVectorD& scale, std::uint64_t seed, Stream& stream);

  // Advances every chain by `steps` steps in one launch; with draws_per_chain_out, the state
  // after every `thin`-th step is appended (device memory, [draw][chain][dim]).
  void run(int steps, int thin = 1, DeviceBuffer<double>* draws = nullptr);
  // Warm-up, then draws_per_chain kept draws every `thin` steps: (draws_per_chain·chains) × dim,
  // row (t·chains + c) = draw t of chain c.
  MatrixD sample(int warmup_steps, int draws_per_chain, int thin = 1);

  Index chains() const { return chains_; }
  MatrixD state() const;              // chains × dim (synchronises)
  double acceptance_rate() const;     // MH: accepted / steps over all chains
  std::uint64_t evaluations() const;  // density evaluations over all chains
  void set_slice_limits(int max_step_out, int max_shrink);

 private:
  const CostPotential* potential_;
  Stream* stream_;
  StepMethod method_;
  Index chains_, dim_;
  std::uint64_t steps_done_ = 0;
  int max_step_out_ = 50, max_shrink_ = 200;
  DeviceBuffer<double> x_, logp_, scale_;
  DeviceBuffer<PhiloxStream> rng_;
  DeviceBuffer<unsigned long long> accepted_, evaluations_;
};

}  // namespace sbi::cuda
