// nn::MLP on the GPU: the same layers and weights (copied from and to a host nn::MLP), forward
// and backward with cuBLAS SGEMM for the products and our kernels around them, MSE loss and an
// Adam step, so that a whole training step stays on the device.
//
// Row-major matrices through column-major cuBLAS: a row-major r×c matrix is the column-major
// c×r transpose, so for a layer with W (out×in), X (B×in), Y = X·Wᵀ (B×out):
//   Yᵀ = W·Xᵀ         → sgemm(T, N, out, B, in, W (ld in), X (ld in), Y (ld out))
//   dWᵀ = Xᵀ·dZ       → sgemm(N, T, in, out, B, X (ld in), dZ (ld out), dW (ld in))
//   dXᵀ = Wᵀ·dZᵀ      → sgemm(N, N, in, B, out, W (ld in), dZ (ld out), dX (ld in))
// Fused path (default): after each product one kernel applies bias + activation (forward), and
// one kernel forms dZ = dY ⊙ act' together with the bias gradient Σ_rows dZ (backward).
// Unfused path (set_fused(false), the benchmark's baseline): separate bias, activation and
// derivative kernels and the bias gradient from a cuBLAS GEMV with a ones vector.
// Parameters live in ONE device array in nn::MLP's order [W0 | b0 | W1 | b1 | ...] (so the
// Adam update is one launch and the MCMC potential reads them directly); gradients likewise.
#pragma once
#include <vector>

#include "cuda/buffer.hpp"
#include "cuda/mlp_potential_math.hpp"
#include "cuda/stream.hpp"
#include "nn/mlp.hpp"
#include "nn/optimizer.hpp"

namespace sbi::cuda {

class Mlp {
 public:
  // Same architecture and weights as `host`; work is queued on `stream` (which must outlive it).
  Mlp(nn::MLP& host, Stream& stream);

  void copy_from(nn::MLP& host);      // shapes must match
  void copy_to(nn::MLP& host) const;  // synchronises
  const nn::MLPSettings& config() const { return config_; }
  Index num_parameters() const { return static_cast<Index>(params_.size()); }
  void set_fused(bool fused) { fused_ = fused; }
  bool fused() const { return fused_; }

  // ---- device-pointer interface (asynchronous on the stream) ----
  // Output (batch × out) of x (batch × in); the result and the saved activations live in the
  // stream's workspace and stay valid until the next forward on this stream.
  const float* forward(const float* x, Index batch);
  // Gradients of all parameters (overwritten) for dL/dY = dy (batch × out, overwritten), using
  // the activations of the last forward.
  void backward(float* dy);
  // forward + MSE loss L = mean((Y - T)²) + backward + Adam step; returns a device pointer to
  // the loss before the step.
  const float* train_step(const float* x, const float* t, Index batch);
  // One Adam update from the current gradients.
  void adam_step();
  void set_adam(const nn::AdamSettings& options) { adam_ = options; }

  // ---- host convenience (synchronising) ----
  MatrixF forward(const MatrixF& x);
  // Loss before the update.
  float train_step(const MatrixF& x, const MatrixF& t);
  // Gradients for dL/dY = dy after a forward of x, one matrix per parameter in nn::MLP order.
  std::vector<MatrixF> gradients(const MatrixF& x, const MatrixF& dy);

  // The weights as a one-thread network view (device pointers) for the MCMC potential.
  MlpView view() const;
  float* parameters() { return params_.data(); }
  const float* gradients() const { return grads_.data(); }

 private:
  struct Layer {
    int in, out, act;
    std::size_t weight_offset, bias_offset;
  };
  void ensure_ones(Index batch);

  nn::MLPSettings config_;
  Stream* stream_;
  std::vector<Layer> layers_;
  std::vector<std::size_t> host_sizes_;  // parameter sizes in nn::MLP order
  DeviceBuffer<float> params_, grads_, adam_m_, adam_v_, ones_, loss_;
  nn::AdamSettings adam_;
  long adam_steps_ = 0;
  bool fused_ = true;
  // Saved by forward: acts_[0] = input, acts_[l+1] = output of layer l; pre_[l] (silu only).
  std::vector<const float*> acts_;
  std::vector<float*> pre_;
  Index batch_ = 0;
};

}  // namespace sbi::cuda
