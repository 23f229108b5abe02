// Random numbers for sbi++: an Rng is one reproducible stream (seed, id) of a Philox4x32
// generator with the draws every module needs, built on Boost.Random distributions.
//
// Reproducible parallelism: work item i (a simulation, a chain, a minibatch) draws from
// Rng(seed, i). Streams never overlap and do not depend on the thread that runs them, so a
// parallel computation gives bit-identical results with any number of OpenMP threads.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "core/philox.hpp"

namespace sbi {

// Mixes a seed with a tag (SplitMix64 finaliser), e.g. to give simulation, training and
// sampling independent seeds derived from one user seed.
std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t tag);

class Rng {
 public:
  using result_type = Philox4x32::result_type;

  explicit Rng(std::uint64_t seed = 0, std::uint64_t stream = 0) : engine_(seed, stream) {}

  // UniformRandomBitGenerator interface (32-bit words), for Boost/std distributions.
  static constexpr result_type min() { return Philox4x32::min(); }
  static constexpr result_type max() { return Philox4x32::max(); }
  result_type operator()() { return engine_(); }

  std::uint64_t next_u64();
  double uniform();                     // U[0, 1), 53 random bits
  double uniform(double lo, double hi); // U[lo, hi)
  double uniform_open();                // U(0, 1): never exactly 0 (safe for log)
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi);  // inclusive range [lo, hi]
  double normal();                      // N(0, 1)
  double normal(double mean, double sd);
  double exponential(double rate);
  double gamma(double shape, double scale = 1.0);
  double beta(double a, double b);
  bool bernoulli(double p);
  std::int64_t binomial(std::int64_t n, double p);
  std::int64_t poisson(double mean);
  // Index drawn with probability proportional to weights[i] (non-negative, not all zero).
  std::size_t categorical(std::span<const double> weights);
  // Fisher–Yates shuffle of an index vector.
  void shuffle(std::span<std::int64_t> items);
  // A random permutation of 0..n-1.
  std::vector<std::int64_t> permutation(std::int64_t n);

 private:
  Philox4x32 engine_;
};

}  // namespace sbi
