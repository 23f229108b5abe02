// Factories of the benchmark tasks of TASKS.md (one file each, task_<name>.cpp). The registry
// (task_registry.cpp) lists them by name; some take options and have extra entry points here.
#pragma once
#include <cstdint>
#include <string>

#include "simulators/hodgkin_huxley_protocol.hpp"
#include "simulators/task.hpp"

namespace sbi::sim {

// sbibm tasks.
Task make_gaussian_linear_task();
Task make_gaussian_linear_uniform_task();
Task make_slcp_task();
Task make_bernoulli_glm_task();      // x = 10 sufficient summaries
Task make_bernoulli_glm_raw_task();  // x = the 100 Bernoulli outputs
Task make_gaussian_mixture_task();
Task make_two_moons_task();
Task make_sir_task();
Task make_lotka_volterra_task();

// ACE / GBI tasks.
Task make_uniform_1d_task();
// shift ~ N(0, 1) and variances v = |N(0, 1)| drawn once from Rng(instance_seed, 0).
Task make_linear_gaussian_task(std::uint64_t instance_seed);
Task make_linear_gaussian_task();  // the default instance (seed 0)
Task make_gaussian_mixture_trials_task();

// Multifidelity Ornstein–Uhlenbeck tasks (2-D θ = (μ, σ); 4-D adds γ and the x0 offset).
Task make_ornstein_uhlenbeck_task(bool four_d, bool low_fidelity);
Task make_ornstein_uhlenbeck_2d_task();
Task make_ornstein_uhlenbeck_2d_lf_task();
Task make_ornstein_uhlenbeck_4d_task();
Task make_ornstein_uhlenbeck_4d_lf_task();

// Hodgkin–Huxley on the synthetic step protocol, or on any protocol (e.g. a recording's).
Task make_hodgkin_huxley_task();
Task make_hodgkin_huxley_task(HHProtocol protocol);
// The low-fidelity partners: the synthetic step protocol coarsened by these strides (dt 0.1 ms
// and 0.2 ms).
inline constexpr int kHodgkinHuxleyLowFidelityStride = 5;
inline constexpr int kHodgkinHuxleyCoarseLowFidelityStride = 10;
Task make_hodgkin_huxley_lf_task();
Task make_hodgkin_huxley_lf_coarse_task();

}  // namespace sbi::sim
