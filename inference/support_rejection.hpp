// Restricting a density to the prior's support by rejection (NPE's leakage, SNPE-A's truncation
// to a box prior): draws outside the support are discarded, and the fraction accepted
//   P_q(θ ∈ support) ≈ (draws inside) / (draws)
// renormalises the restricted density.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "core/tensor.hpp"
#include "simulators/prior.hpp"

namespace sbi::inference {

// m draws from the unrestricted density, reproducible from `seed`.
using DrawFn = std::function<MatrixD(Index m, std::uint64_t seed)>;

// n finite draws inside the prior's support. Rejection round r draws from
// derive_seed(seed, kNpeSampleRound.id(r)) as many as the acceptance so far says are needed
// (at least 10% more, at least 64). ValueError naming `who` and `what` when almost all the
// mass (acceptance < 10⁻⁴ over ≥ 10⁵ draws) or 1000 rounds do not suffice.
MatrixD sample_inside_support(const sim::Prior& prior, Index n, std::uint64_t seed, const std::string& who,
                              const std::string& what, const DrawFn& draw);

// The fraction of the rows inside the support (at least one row counted, so the log is finite).
double support_fraction(const sim::Prior& prior, const MatrixD& draws);

}  // namespace sbi::inference
