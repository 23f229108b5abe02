// The Hodgkin–Huxley simulator on the GPU: one thread per simulation runs the protocol's
// exponential-Euler steps (hh::step of simulators/hodgkin_huxley_model.hpp, the CPU paths' own step) and its streaming
// summary statistics. Simulation i draws its noise from Philox stream (seed, offset + i) with a
// Box–Muller normal, so it is reproducible and independent of the launch shape but is NOT the
// same noise as the CPU simulator (which uses Boost's normal): results agree in distribution,
// and with identical noise (the host run of the same functions) to rounding.
#pragma once
#include <cstdint>

#include "core/tensor.hpp"
#include "cuda/buffer.hpp"
#include "cuda/stream.hpp"
#include "simulators/hodgkin_huxley_protocol.hpp"

namespace sbi::cuda {

class HodgkinHuxleyGpu {
 public:
  HodgkinHuxleyGpu(sim::HHProtocol protocol, Stream& stream);
  // theta: n × 8 → statistics n × 7.
  MatrixD simulate(const MatrixD& theta, std::uint64_t seed, std::uint64_t stream_offset = 0);
  // Device-pointer version (asynchronous): theta n × 8, stats n × 7 in device memory.
  void simulate(const double* theta, double* stats, Index n, std::uint64_t seed,
                std::uint64_t stream_offset);
  const sim::HHProtocol& protocol() const { return protocol_; }

 private:
  sim::HHProtocol protocol_;
  Stream* stream_;
  DeviceBuffer<double> current_;
};

}  // namespace sbi::cuda
