// cuda::Mlp (see mlp.hpp).
#include "cuda/mlp.hpp"

#include <string>

#include "core/errors.hpp"
#include "cuda/cublas_library.hpp"
#include "cuda/error.hpp"
#include "cuda/kernels.hpp"

namespace sbi::cuda {

// Activation codes equal static_cast<int>(nn::Activation) (checked in nn/activation.cpp).

Mlp::Mlp(nn::MLP& host, Stream& stream) : config_(host.config()), stream_(&stream) {
  std::size_t offset = 0;
  const auto& hl = host.layers();
  for (std::size_t l = 0; l < hl.size(); ++l) {
    Layer layer;
    layer.in = static_cast<int>(hl[l].in_features());
    layer.out = static_cast<int>(hl[l].out_features());
    layer.act = static_cast<int>(l + 1 == hl.size() ? config_.output_activation : config_.activation);
    layer.weight_offset = offset;
    offset += std::size_t(layer.in) * layer.out;
    layer.bias_offset = offset;
    offset += std::size_t(layer.out);
    layers_.push_back(layer);
  }
  for (auto& np : host.parameters()) host_sizes_.push_back(std::size_t(np.param->value.size()));
  params_.resize(offset);
  grads_.resize(offset);
  adam_m_.resize(offset);
  adam_v_.resize(offset);
  adam_m_.fill_zero(stream_->get());
  adam_v_.fill_zero(stream_->get());
  loss_.resize(1);
  copy_from(host);
}

void Mlp::copy_from(nn::MLP& host) {
  const nn::ParamList list = host.parameters();
  if (list.size() != host_sizes_.size())
    throw ShapeError("cuda::Mlp::copy_from: the network has " + std::to_string(list.size()) +
                     " parameter tensors, expected " + std::to_string(host_sizes_.size()));
  std::vector<float> flat;
  flat.reserve(params_.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    const MatrixF& v = list[i].param->value;
    if (std::size_t(v.size()) != host_sizes_[i])
      throw ShapeError("cuda::Mlp::copy_from: parameter '" + list[i].name + "' has " +
                       std::to_string(v.size()) + " values, expected " +
                       std::to_string(host_sizes_[i]));
    flat.insert(flat.end(), v.data(), v.data() + v.size());
  }
  stream_->synchronize();
  params_.upload(flat.data(), flat.size());
}

void Mlp::copy_to(nn::MLP& host) const {
  const nn::ParamList list = host.parameters();
  if (list.size() != host_sizes_.size())
    throw ShapeError("cuda::Mlp::copy_to: the network has " + std::to_string(list.size()) +
                     " parameter tensors, expected " + std::to_string(host_sizes_.size()));
  stream_->synchronize();
  const std::vector<float> flat = params_.to_host();
  std::size_t offset = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    MatrixF& v = list[i].param->value;
    if (std::size_t(v.size()) != host_sizes_[i])
      throw ShapeError("cuda::Mlp::copy_to: parameter '" + list[i].name + "' has the wrong size");
    std::copy(flat.begin() + offset, flat.begin() + offset + host_sizes_[i], v.data());
    offset += host_sizes_[i];
  }
}

void Mlp::ensure_ones(Index batch) {
  if (ones_.size() >= std::size_t(batch)) return;
  stream_->synchronize();
  ones_.resize(std::size_t(batch));
  kernels::fill(ones_.data(), 1.f, batch, stream_->get());
}

const float* Mlp::forward(const float* x, Index batch) {
  if (batch < 1) throw ShapeError("cuda::Mlp::forward: batch must be >= 1, got " + std::to_string(batch));
  WorkspaceArena& arena = stream_->workspace();
  arena.reset();  // stream order: the previous step's kernels finish before this step's run
  const int b = static_cast<int>(batch);
  acts_.assign(1, x);
  pre_.assign(layers_.size(), nullptr);
  const float one = 1.f, zero = 0.f;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const Layer& L = layers_[l];
    float* y = arena.allocate<float>(std::size_t(b) * L.out);
    SBI_CUBLAS_CHECK(cublas().sgemm(stream_->blas(), CUBLAS_OP_T, CUBLAS_OP_N, L.out, b, L.in, &one,
                                 params_.data() + L.weight_offset, L.in, acts_[l], L.in, &zero, y,
                                 L.out));
    float* z = nn::activation_code_needs_input(L.act) ? arena.allocate<float>(std::size_t(b) * L.out) : nullptr;
    const float* bias = params_.data() + L.bias_offset;
    if (fused_) {
      kernels::bias_activation_forward(y, bias, z, b, L.out, L.act, stream_->get());
    } else {
      kernels::bias_add(y, bias, b, L.out, stream_->get());
      if (L.act != nn::kIdentity) kernels::activation_apply(y, z, b * L.out, L.act, stream_->get());
    }
    pre_[l] = z;
    acts_.push_back(y);
  }
  batch_ = batch;
  return acts_.back();
}

void Mlp::backward(float* dy) {
  if (acts_.size() != layers_.size() + 1)
    throw Error("cuda::Mlp::backward: call forward first");
  WorkspaceArena& arena = stream_->workspace();
  const int b = static_cast<int>(batch_);
  if (!fused_) ensure_ones(batch_);
  const float one = 1.f, zero = 0.f;
  float* g = dy;
  for (std::size_t l = layers_.size(); l-- > 0;) {
    const Layer& L = layers_[l];
    float* db = grads_.data() + L.bias_offset;
    if (fused_) {
      float* partial = arena.allocate<float>(std::size_t(kernels::bias_partial_blocks(b)) * L.out);
      kernels::activation_backward_bias(g, acts_[l + 1], pre_[l], db, partial, b, L.out, L.act,
                                        stream_->get());
    } else {
      if (L.act != nn::kIdentity)
        kernels::activation_backward(g, acts_[l + 1], pre_[l], b * L.out, L.act, stream_->get());
      SBI_CUBLAS_CHECK(cublas().sgemv(stream_->blas(), CUBLAS_OP_N, L.out, b, &one, g, L.out,
                                   ones_.data(), 1, &zero, db, 1));
    }
    SBI_CUBLAS_CHECK(cublas().sgemm(stream_->blas(), CUBLAS_OP_N, CUBLAS_OP_T, L.in, L.out, b, &one,
                                 acts_[l], L.in, g, L.out, &zero, grads_.data() + L.weight_offset,
                                 L.in));
    if (l > 0) {
      float* g_prev = arena.allocate<float>(std::size_t(b) * L.in);
      SBI_CUBLAS_CHECK(cublas().sgemm(stream_->blas(), CUBLAS_OP_N, CUBLAS_OP_N, L.in, b, L.out, &one,
                                   params_.data() + L.weight_offset, L.in, g, L.out, &zero,
                                   g_prev, L.in));
      g = g_prev;
    }
  }
}

void Mlp::adam_step() {
  ++adam_steps_;
  const AdamCoefficients c =
      nn::adam_coefficients(adam_.learning_rate, adam_.beta1, adam_.beta2, adam_.eps,
                        adam_.weight_decay, adam_.decoupled_weight_decay, adam_steps_);
  kernels::adam_update(params_.data(), adam_m_.data(), adam_v_.data(), grads_.data(),
                       static_cast<std::int64_t>(params_.size()), c, stream_->get());
}

const float* Mlp::train_step(const float* x, const float* t, Index batch) {
  const float* y = forward(x, batch);
  WorkspaceArena& arena = stream_->workspace();
  const int n = static_cast<int>(batch * config_.out);
  float* dy = arena.allocate<float>(std::size_t(n));
  float* partial = arena.allocate<float>(1024);
  kernels::mse_loss_grad(y, t, dy, loss_.data(), partial, n, stream_->get());
  backward(dy);
  adam_step();
  return loss_.data();
}

MatrixF Mlp::forward(const MatrixF& x) {
  require_shape("cuda::Mlp::forward input", x, -1, config_.in);
  DeviceBuffer<float> dx(std::size_t(x.size()));
  dx.upload(x.data(), std::size_t(x.size()));
  const float* y = forward(dx.data(), x.rows());
  MatrixF out(x.rows(), config_.out);
  stream_->synchronize();
  SBI_CUDA_CHECK(cudaMemcpy(out.data(), y, sizeof(float) * std::size_t(out.size()),
                            cudaMemcpyDeviceToHost));
  return out;
}

float Mlp::train_step(const MatrixF& x, const MatrixF& t) {
  require_shape("cuda::Mlp::train_step input", x, -1, config_.in);
  require_shape("cuda::Mlp::train_step target", t, x.rows(), config_.out);
  DeviceBuffer<float> dx(std::size_t(x.size())), dt(std::size_t(t.size()));
  dx.upload(x.data(), std::size_t(x.size()));
  dt.upload(t.data(), std::size_t(t.size()));
  const float* loss = train_step(dx.data(), dt.data(), x.rows());
  stream_->synchronize();
  float value = 0;
  SBI_CUDA_CHECK(cudaMemcpy(&value, loss, sizeof(float), cudaMemcpyDeviceToHost));
  return value;
}

std::vector<MatrixF> Mlp::gradients(const MatrixF& x, const MatrixF& dy) {
  require_shape("cuda::Mlp::gradients input", x, -1, config_.in);
  require_shape("cuda::Mlp::gradients dL/dY", dy, x.rows(), config_.out);
  DeviceBuffer<float> dx(std::size_t(x.size())), ddy(std::size_t(dy.size()));
  dx.upload(x.data(), std::size_t(x.size()));
  ddy.upload(dy.data(), std::size_t(dy.size()));
  forward(dx.data(), x.rows());
  backward(ddy.data());
  stream_->synchronize();
  const std::vector<float> flat = grads_.to_host();
  std::vector<MatrixF> out;
  std::size_t offset = 0;
  for (const Layer& L : layers_) {
    MatrixF w(L.out, L.in), bias(1, L.out);
    std::copy(flat.begin() + offset, flat.begin() + offset + w.size(), w.data());
    offset += std::size_t(w.size());
    std::copy(flat.begin() + offset, flat.begin() + offset + bias.size(), bias.data());
    offset += std::size_t(bias.size());
    out.push_back(std::move(w));
    out.push_back(std::move(bias));
  }
  return out;
}

MlpView Mlp::view() const {
  if (layers_.size() > std::size_t(kMaxMlpLayers))
    throw ValueError("cuda::Mlp::view: " + std::to_string(layers_.size()) +
                     " layers, the one-thread view supports at most " +
                     std::to_string(kMaxMlpLayers));
  MlpView v;
  v.num_layers = static_cast<int>(layers_.size());
  v.width[0] = layers_.front().in;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    if (layers_[l].in > kMaxWidth || layers_[l].out > kMaxWidth)
      throw ValueError("cuda::Mlp::view: layer " + std::to_string(l) + " is " +
                       std::to_string(layers_[l].in) + "→" + std::to_string(layers_[l].out) +
                       " wide, the one-thread view supports at most " + std::to_string(kMaxWidth));
    v.width[l + 1] = layers_[l].out;
  }
  v.hidden_act = static_cast<int>(config_.activation);
  v.output_act = static_cast<int>(config_.output_activation);
  v.params = params_.data();
  return v;
}

}  // namespace sbi::cuda
