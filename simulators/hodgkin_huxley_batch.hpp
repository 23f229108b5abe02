// Vectorised batch Hodgkin–Huxley simulation: kHHLanes θ are integrated in lockstep with
// structure-of-arrays state, so the compiler turns the per-lane update (the same expressions as
// the scalar reference, the same exp_det) into SIMD instructions; groups of lanes run in
// parallel with parallel_for. Row i draws its noise only from Rng(seed, offset + i), one normal
// per step in order, exactly as the reference does, so traces are bit-identical to
// hh_simulate_trace_reference. Statistics are accumulated on the fly (HHStatAccumulator), so
// the trace is never stored unless asked for; they agree with the two-pass statistics of the
// reference to rounding (~1e-12 relative; spike counts exactly).
#pragma once
#include <cstdint>

#include "core/tensor.hpp"
#include "simulators/hodgkin_huxley_protocol.hpp"

namespace sbi::sim {

inline constexpr int kHHLanes = 8;

// Summary statistics (n × 7) for θ rows (n × 8).
MatrixD hh_simulate_batch(const MatrixD& theta, const HHProtocol& protocol, std::uint64_t seed,
                          std::uint64_t stream_offset = 0);

// Full voltage traces (n × protocol.size()) for θ rows (n × 8), e.g. for figures; row i uses
// Rng(seed, offset + i) and equals the trace behind row i of hh_simulate_batch.
MatrixD hh_simulate_traces(const MatrixD& theta, const HHProtocol& protocol, std::uint64_t seed,
                           std::uint64_t stream_offset = 0);

}  // namespace sbi::sim
