// Rejection to the prior's support (see support_rejection.hpp).
#include "inference/support_rejection.hpp"

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "inference/rng_streams.hpp"

namespace sbi::inference {

namespace {
constexpr int kMaxRounds = 1000;
constexpr Index kVerdictDraws = 100000;  // draws before a leakage verdict
}  // namespace

MatrixD sample_inside_support(const sim::Prior& prior, Index n, std::uint64_t seed, const std::string& who,
                              const std::string& what, const DrawFn& draw, const FallbackFn& fallback) {
  if (n <= 0) throw ValueError(who + ": the number of samples must be positive");
  MatrixD out(n, prior.dim());
  Index have = 0;
  double accepted = 0, drawn = 0;
  for (int round = 0; have < n; ++round) {
    if (round == kMaxRounds || (drawn >= double(kVerdictDraws) && accepted / drawn < 1e-4)) {
      if (fallback) return fallback(n);
      throw ValueError(who + ": only " + std::to_string(static_cast<long long>(accepted)) + " of " +
                       std::to_string(static_cast<long long>(drawn)) + " draws fell inside the prior's support (" +
                       prior.describe() + "); " + what + " leaks almost all its mass");
    }
    // Ask for enough draws to finish given the acceptance seen so far (at least 10% more).
    const double rate = drawn > 0 ? std::max(accepted / drawn, 1e-3) : 1.0;
    Index m = std::max<Index>(64, static_cast<Index>(std::ceil(double(n - have) / rate * 1.1)));
    // At most ten times what was drawn so far (at least 10⁵), so that a flow leaking everything
    // reaches the verdict after ~10⁵ draws instead of n / 10⁻³.
    if (drawn > 0) m = std::min(m, std::max<Index>(kVerdictDraws, static_cast<Index>(10 * drawn)));
    const MatrixD draws = draw(m, derive_seed(seed, streams::kNpeSampleRound.id(static_cast<std::uint64_t>(round))));
    const std::vector<bool> inside = prior.in_support(draws);
    drawn += double(m);
    for (Index i = 0; i < m && have < n; ++i) {
      if (!inside[static_cast<std::size_t>(i)] || !draws.row(i).allFinite()) continue;
      out.row(have++) = draws.row(i);
      accepted += 1;
    }
  }
  return out;
}

double support_fraction(const sim::Prior& prior, const MatrixD& draws) {
  const std::vector<bool> inside = prior.in_support(draws);
  const double count = double(std::count(inside.begin(), inside.end(), true));
  return std::max(count, 1.0) / double(std::max<Index>(draws.rows(), 1));
}

}  // namespace sbi::inference
