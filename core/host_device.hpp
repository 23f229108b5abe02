// The host/device marker of the per-element maths that is written once and compiled for both
// the CPU and the CUDA kernels (Philox streams, activations, Adam, the RQ spline, the
// Hodgkin–Huxley step, the per-chain MCMC steps). Under nvcc, SBI_HD marks a function
// __host__ __device__; in a plain C++ compile it is `inline`, so the same functions run on the
// CPU and are tested there. Such functions use only <math.h>-style global functions (expf,
// log1pf, fma, ...): they have device overloads in CUDA and are the C library's on the host.
// Nothing here includes cuda/: the dependency points from cuda down to core.
#pragma once
#include <math.h>
#include <stdint.h>

#if defined(__CUDACC__)
#define SBI_HD __host__ __device__ __forceinline__
#else
#define SBI_HD inline
#endif

namespace sbi {

SBI_HD float hd_max(float a, float b) { return a > b ? a : b; }
SBI_HD double hd_max(double a, double b) { return a > b ? a : b; }
SBI_HD float hd_min(float a, float b) { return a < b ? a : b; }
SBI_HD double hd_min(double a, double b) { return a < b ? a : b; }

// The bits of a double and back (std::bit_cast is not usable in device code).
SBI_HD uint64_t hd_double_bits(double x) {
#if defined(__CUDA_ARCH__)
  return static_cast<uint64_t>(__double_as_longlong(x));
#else
  uint64_t b;
  __builtin_memcpy(&b, &x, sizeof b);
  return b;
#endif
}
SBI_HD double hd_bits_double(uint64_t b) {
#if defined(__CUDA_ARCH__)
  return __longlong_as_double(static_cast<long long>(b));
#else
  double x;
  __builtin_memcpy(&x, &b, sizeof x);
  return x;
#endif
}

}  // namespace sbi
