// `sbi bench flows --profile`: where MAF and NSF training and log_prob spend their time at sbi's
// sizes (two_moons θ 2 / x 2 and slcp θ 5 / x 8; batch 200, 50 hidden, 5 transforms, NSF 10
// bins), on one thread, against the GEMM limit measured in the same run.
//   GEMM limit of an epoch = CPU time of the same products as bare Eigen GEMMs:
//     per 100-row chunk (batch 200 → 2 chunks) and weight W (out×in):
//     forward  X·Wᵀ (every training and validation chunk),
//     backward D·W and Dᵀ·X (every training chunk)
//   fraction of the limit = limit time / measured epoch CPU time.
//   register-tile limit = the same products on core/small_gemm.hpp's tiles, which the trainer's
//   chunks run (faster than Eigen at these sizes, so its fraction is the stricter one).
// Epoch and log_prob times are process CPU times of unprofiled runs (median epoch after the
// first; best log_prob call). Stages come from core/stage_profile.hpp in a second, profiled
// run: each stage's share of the profiled wall time, applied to that CPU time.
#pragma once
#include "bench/harness.hpp"

namespace sbi::bench {

void run_flows_profile(Report& report, const Options& options);

}  // namespace sbi::bench
