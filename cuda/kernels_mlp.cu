// Network kernels: fused bias + activation forward and backward (with a deterministic bias
// reduction), their unfused baselines, the MSE loss gradient and the Adam update. Each thread
// maps to elements; the per-element math lives in nn/activation_math.hpp / nn/adam_math.hpp.
#include "cuda/error.hpp"
#include "cuda/kernels.hpp"

namespace sbi::cuda::kernels {

namespace {

constexpr int kThreads = 256;
constexpr int kRowsPerBlock = 256;  // rows reduced by one block of the fused backward
constexpr int kLossPartials = 1024;

int blocks_for(std::int64_t n) {
  const std::int64_t b = (n + kThreads - 1) / kThreads;
  return static_cast<int>(b < 65535 * 32 ? (b > 0 ? b : 1) : 65535 * 32);
}

__global__ void bias_activation_forward_kernel(float* y, const float* bias, float* z_keep,
                                               int rows, int cols, int act) {
  const std::int64_t n = std::int64_t(rows) * cols;
  for (std::int64_t i = blockIdx.x * std::int64_t(blockDim.x) + threadIdx.x; i < n;
       i += std::int64_t(gridDim.x) * blockDim.x) {
    const float z = y[i] + bias[i % cols];
    if (z_keep) z_keep[i] = z;
    y[i] = sbi::nn::activation_value(act, z);
  }
}

__global__ void bias_add_kernel(float* y, const float* bias, int rows, int cols) {
  const std::int64_t n = std::int64_t(rows) * cols;
  for (std::int64_t i = blockIdx.x * std::int64_t(blockDim.x) + threadIdx.x; i < n;
       i += std::int64_t(gridDim.x) * blockDim.x)
    y[i] += bias[i % cols];
}

__global__ void activation_apply_kernel(float* y, float* z_keep, std::int64_t n, int act) {
  for (std::int64_t i = blockIdx.x * std::int64_t(blockDim.x) + threadIdx.x; i < n;
       i += std::int64_t(gridDim.x) * blockDim.x) {
    if (z_keep) z_keep[i] = y[i];
    y[i] = sbi::nn::activation_value(act, y[i]);
  }
}

__global__ void activation_backward_kernel(float* g, const float* y, const float* z,
                                           std::int64_t n, int act) {
  for (std::int64_t i = blockIdx.x * std::int64_t(blockDim.x) + threadIdx.x; i < n;
       i += std::int64_t(gridDim.x) * blockDim.x)
    g[i] = sbi::nn::activation_gradient(act, g[i], y[i], z ? z[i] : 0.f);
}

// Block (32 × 8) handles 32 columns × kRowsPerBlock rows: thread (tx, ty) walks rows
// ty, ty + 8, ...; the 8 row sums of a column are added in shared memory in a fixed order.
__global__ void activation_backward_bias_kernel(float* g, const float* y, const float* z,
                                                float* partial, int rows, int cols, int act) {
  __shared__ float sums[8][33];
  const int col = blockIdx.x * 32 + threadIdx.x;
  const int row0 = blockIdx.y * kRowsPerBlock;
  float acc = 0.f;
  if (col < cols) {
    for (int r = row0 + threadIdx.y; r < row0 + kRowsPerBlock && r < rows; r += 8) {
      const std::int64_t i = std::int64_t(r) * cols + col;
      const float d = sbi::nn::activation_gradient(act, g[i], y[i], z ? z[i] : 0.f);
      g[i] = d;
      acc += d;
    }
  }
  sums[threadIdx.y][threadIdx.x] = acc;
  __syncthreads();
  if (threadIdx.y == 0 && col < cols) {
    float total = 0.f;
    for (int k = 0; k < 8; ++k) total += sums[k][threadIdx.x];
    partial[std::int64_t(blockIdx.y) * cols + col] = total;
  }
}

__global__ void reduce_columns_kernel(const float* partial, float* out, int blocks, int cols) {
  const int col = blockIdx.x * blockDim.x + threadIdx.x;
  if (col >= cols) return;
  float total = 0.f;
  for (int b = 0; b < blocks; ++b) total += partial[std::int64_t(b) * cols + col];
  out[col] = total;
}

__global__ void mse_kernel(const float* y, const float* t, float* dy, float* partial, int n) {
  __shared__ float sums[kThreads];
  const float inv_n = 1.f / float(n);
  float acc = 0.f;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
    const float e = y[i] - t[i];
    dy[i] = 2.f * e * inv_n;
    acc += e * e;
  }
  sums[threadIdx.x] = acc;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s /= 2) {
    if (threadIdx.x < s) sums[threadIdx.x] += sums[threadIdx.x + s];
    __syncthreads();
  }
  if (threadIdx.x == 0) partial[blockIdx.x] = sums[0];
}

__global__ void sum_partials_kernel(const float* partial, int count, float scale, float* out) {
  __shared__ float sums[kThreads];
  float acc = 0.f;
  for (int i = threadIdx.x; i < count; i += blockDim.x) acc += partial[i];
  sums[threadIdx.x] = acc;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s /= 2) {
    if (threadIdx.x < s) sums[threadIdx.x] += sums[threadIdx.x + s];
    __syncthreads();
  }
  if (threadIdx.x == 0) *out = sums[0] * scale;
}

__global__ void adam_kernel(float* p, float* m, float* v, const float* g, std::int64_t n,
                            AdamCoefficients c) {
  for (std::int64_t i = blockIdx.x * std::int64_t(blockDim.x) + threadIdx.x; i < n;
       i += std::int64_t(gridDim.x) * blockDim.x)
    sbi::nn::adam_update(p[i], m[i], v[i], g[i], c);
}

__global__ void fill_kernel(float* out, float value, std::int64_t n) {
  for (std::int64_t i = blockIdx.x * std::int64_t(blockDim.x) + threadIdx.x; i < n;
       i += std::int64_t(gridDim.x) * blockDim.x)
    out[i] = value;
}

}  // namespace

void bias_activation_forward(float* y, const float* bias, float* z_keep, int rows, int cols,
                             int act, cudaStream_t stream) {
  bias_activation_forward_kernel<<<blocks_for(std::int64_t(rows) * cols), kThreads, 0, stream>>>(
      y, bias, z_keep, rows, cols, act);
  SBI_CUDA_CHECK_LAUNCH("bias_activation_forward_kernel");
}

void bias_add(float* y, const float* bias, int rows, int cols, cudaStream_t stream) {
  bias_add_kernel<<<blocks_for(std::int64_t(rows) * cols), kThreads, 0, stream>>>(y, bias, rows,
                                                                                   cols);
  SBI_CUDA_CHECK_LAUNCH("bias_add_kernel");
}

void activation_apply(float* y, float* z_keep, int count, int act, cudaStream_t stream) {
  activation_apply_kernel<<<blocks_for(count), kThreads, 0, stream>>>(y, z_keep, count, act);
  SBI_CUDA_CHECK_LAUNCH("activation_apply_kernel");
}

int bias_partial_blocks(int rows) { return (rows + kRowsPerBlock - 1) / kRowsPerBlock; }

void activation_backward_bias(float* g, const float* y, const float* z, float* db, float* partial,
                              int rows, int cols, int act, cudaStream_t stream) {
  const dim3 block(32, 8);
  const dim3 grid((cols + 31) / 32, bias_partial_blocks(rows));
  activation_backward_bias_kernel<<<grid, block, 0, stream>>>(g, y, z, partial, rows, cols, act);
  SBI_CUDA_CHECK_LAUNCH("activation_backward_bias_kernel");
  reduce_columns_kernel<<<(cols + 127) / 128, 128, 0, stream>>>(partial, db, grid.y, cols);
  SBI_CUDA_CHECK_LAUNCH("reduce_columns_kernel");
}

void activation_backward(float* g, const float* y, const float* z, int count, int act,
                         cudaStream_t stream) {
  activation_backward_kernel<<<blocks_for(count), kThreads, 0, stream>>>(g, y, z, count, act);
  SBI_CUDA_CHECK_LAUNCH("activation_backward_kernel");
}

void mse_loss_grad(const float* y, const float* t, float* dy, float* loss, float* partial, int n,
                   cudaStream_t stream) {
  int blocks = (n + kThreads - 1) / kThreads;
  blocks = blocks < kLossPartials ? (blocks > 0 ? blocks : 1) : kLossPartials;
  mse_kernel<<<blocks, kThreads, 0, stream>>>(y, t, dy, partial, n);
  SBI_CUDA_CHECK_LAUNCH("mse_kernel");
  sum_partials_kernel<<<1, kThreads, 0, stream>>>(partial, blocks, 1.f / float(n), loss);
  SBI_CUDA_CHECK_LAUNCH("sum_partials_kernel");
}

void adam_update(float* p, float* m, float* v, const float* g, std::int64_t n,
                 const AdamCoefficients& c, cudaStream_t stream) {
  adam_kernel<<<blocks_for(n), kThreads, 0, stream>>>(p, m, v, g, n, c);
  SBI_CUDA_CHECK_LAUNCH("adam_kernel");
}

void fill(float* out, float value, std::int64_t n, cudaStream_t stream) {
  fill_kernel<<<blocks_for(n), kThreads, 0, stream>>>(out, value, n);
  SBI_CUDA_CHECK_LAUNCH("fill_kernel");
}

}  // namespace sbi::cuda::kernels
