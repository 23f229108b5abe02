// The Hodgkin–Huxley simulator on the GPU behind a plain C++ declaration, usable from every
// build: with the CUDA backend it runs cuda::HodgkinHuxleyGpu (hh_gpu.hpp) on the current
// device; without it (device_stub.cpp) it throws sbi::Error. Row i draws its noise from Philox
// stream (seed, stream_offset + i), so the result does not depend on how rows are launched, but
// it is NOT the CPU simulator's noise (Boost normals): CPU and GPU agree in distribution.
#pragma once
#include <cstdint>

#include "core/tensor.hpp"
#include "simulators/hodgkin_huxley_protocol.hpp"

namespace sbi::cuda {

// θ (n × 8) → the 7 summary statistics (n × 7) under `protocol`, synchronously.
MatrixD simulate_hodgkin_huxley(const sim::HHProtocol& protocol, const MatrixD& theta,
                                std::uint64_t seed, std::uint64_t stream_offset = 0);

}  // namespace sbi::cuda
