// The GPU Hodgkin–Huxley simulator (see hh_gpu.hpp).
#include "cuda/hh_gpu.hpp"

#include <string>

#include "core/errors.hpp"
#include "cuda/hh_simulate.hpp"
#include "cuda/kernels.hpp"

namespace sbi::cuda {

HodgkinHuxleyGpu::HodgkinHuxleyGpu(sim::HHProtocol protocol, Stream& stream)
    : protocol_(std::move(protocol)), stream_(&stream) {
  protocol_.validate();
  current_.upload(protocol_.current);
}

void HodgkinHuxleyGpu::simulate(const double* theta, double* stats, Index n, std::uint64_t seed,
                                std::uint64_t stream_offset) {
  const sim::HHStatWindows w = protocol_.windows();
  const hh::Windows windows{w.rest_end, w.rest_sd_begin, w.stim_begin, w.stim_end, w.merge_gap,
                            w.peak_lookback};
  kernels::hh_simulate(theta, current_.data(), static_cast<int>(protocol_.size()),
                       protocol_.dt_ms, protocol_.v0_mV, windows, stats, static_cast<int>(n),
                       seed, stream_offset, stream_->get());
}

MatrixD HodgkinHuxleyGpu::simulate(const MatrixD& theta, std::uint64_t seed,
                                   std::uint64_t stream_offset) {
  require_shape("cuda::HodgkinHuxleyGpu::simulate θ", theta, -1, 8);
  MatrixD out(theta.rows(), 7);
  if (theta.rows() == 0) return out;
  DeviceBuffer<double> d_theta(std::size_t(theta.size())), d_stats(std::size_t(out.size()));
  d_theta.upload(theta.data(), std::size_t(theta.size()));
  simulate(d_theta.data(), d_stats.data(), theta.rows(), seed, stream_offset);
  stream_->synchronize();
  d_stats.download(out.data(), std::size_t(out.size()));
  return out;
}

MatrixD simulate_hodgkin_huxley(const sim::HHProtocol& protocol, const MatrixD& theta,
                                std::uint64_t seed, std::uint64_t stream_offset) {
  Stream stream;
  HodgkinHuxleyGpu simulator(protocol, stream);
  return simulator.simulate(theta, seed, stream_offset);
}

}  // namespace sbi::cuda
