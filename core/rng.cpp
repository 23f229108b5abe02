// Draws of the Rng stream, on Boost.Random distributions over the Philox engine.
#include "core/rng.hpp"

#include <boost/random/beta_distribution.hpp>
#include <boost/random/binomial_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <string>

#include "core/errors.hpp"

namespace sbi {

std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t tag) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (tag + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::uint64_t Rng::next_u64() {
  const std::uint64_t hi = engine_();
  return hi << 32 | engine_();
}

double Rng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double Rng::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

double Rng::uniform_open() {
  return (static_cast<double>(next_u64() >> 11) + 0.5) * 0x1.0p-53;
}

std::int64_t Rng::uniform_int(std::int64_t lo, std::int64_t hi) {
  if (hi < lo) throw ValueError("Rng::uniform_int: empty range [" + std::to_string(lo) + ", " +
                                std::to_string(hi) + "]");
  boost::random::uniform_int_distribution<std::int64_t> dist(lo, hi);
  return dist(engine_);
}

double Rng::normal() {
  boost::random::normal_distribution<double> dist(0.0, 1.0);
  return dist(engine_);
}

double Rng::normal(double mean, double sd) { return mean + sd * normal(); }

double Rng::exponential(double rate) {
  boost::random::exponential_distribution<double> dist(rate);
  return dist(engine_);
}

double Rng::gamma(double shape, double scale) {
  boost::random::gamma_distribution<double> dist(shape, scale);
  return dist(engine_);
}

double Rng::beta(double a, double b) {
  boost::random::beta_distribution<double> dist(a, b);
  return dist(engine_);
}

bool Rng::bernoulli(double p) { return uniform() < p; }

std::int64_t Rng::binomial(std::int64_t n, double p) {
  if (!(p >= 0.0 && p <= 1.0))
    throw ValueError("Rng::binomial: probability " + std::to_string(p) + " outside [0, 1]");
  if (p == 0.0 || n == 0) return 0;
  if (p == 1.0) return n;
  boost::random::binomial_distribution<std::int64_t, double> dist(n, p);
  return dist(engine_);
}

std::int64_t Rng::poisson(double mean) {
  if (mean <= 0.0) return 0;
  boost::random::poisson_distribution<std::int64_t, double> dist(mean);
  return dist(engine_);
}

std::size_t Rng::categorical(std::span<const double> weights) {
  double total = 0.0;
  for (double w : weights) {
    if (!(w >= 0.0) || !std::isfinite(w))
      throw ValueError("Rng::categorical: weight " + std::to_string(w) +
                       " is negative or not finite");
    total += w;
  }
  if (!(total > 0.0)) throw ValueError("Rng::categorical: all weights are zero");
  double u = uniform() * total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (u < weights[i]) return i;
    u -= weights[i];
  }
  // Rounding can leave u just above the last bucket: return the last positive weight.
  for (std::size_t i = weights.size(); i-- > 0;)
    if (weights[i] > 0.0) return i;
  return 0;
}

void Rng::shuffle(std::span<std::int64_t> items) {
  for (std::size_t i = items.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(uniform_int(0, static_cast<std::int64_t>(i) - 1));
    std::swap(items[i - 1], items[j]);
  }
}

std::vector<std::int64_t> Rng::permutation(std::int64_t n) {
  std::vector<std::int64_t> p(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) p[static_cast<std::size_t>(i)] = i;
  shuffle(p);
  return p;
}

}  // namespace sbi
