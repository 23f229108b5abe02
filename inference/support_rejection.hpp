// Restricting a density to the prior's support by rejection (NPE's leakage, SNPE-A's truncation
// to a box prior): draws outside the support are discarded, and the fraction accepted
//   P_q(θ ∈ support) ≈ (draws inside) / (draws)
// renormalises the restricted density. When almost all the mass leaks, rejection would need
// millions of draws per accepted one; a caller may then hand the whole sample to a fallback
// (NPE: MCMC on the density inside the support, npe_flow_potential.hpp) instead of failing.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "core/tensor.hpp"
#include "simulators/prior.hpp"

namespace sbi::inference {

// m draws from the unrestricted density, reproducible from `seed`.
using DrawFn = std::function<MatrixD(Index m, std::uint64_t seed)>;
// n draws inside the support by another route.
using FallbackFn = std::function<MatrixD(Index n)>;

// n finite draws inside the prior's support. Rejection round r draws from
// derive_seed(seed, kNpeSampleRound.id(r)) as many as the acceptance so far says are needed
// (at least 10% more, at least 64; from round 2 on at most max(10⁵, 10 × those drawn so far)). When almost all the mass leaks (acceptance < 10⁻⁴ over
// ≥ 10⁵ draws) or 1000 rounds do not suffice: the fallback's n draws (all of them; the few
// accepted ones are dropped), or without a fallback a ValueError naming `who` and `what`.
MatrixD sample_inside_support(const sim::Prior& prior, Index n, std::uint64_t seed, const std::string& who,
                              const std::string& what, const DrawFn& draw, const FallbackFn& fallback = nullptr);

// The fraction of the rows inside the support (at least one row counted, so the log is finite).
double support_fraction(const sim::Prior& prior, const MatrixD& draws);

}  // namespace sbi::inference
