// NumPy's legacy normal generator, reproduced bit for bit so that data sbibm generated with
// np.random.RandomState(seed).randn(n) can be rebuilt without files:
//   - MT19937 seeded by init_genrand(seed) (identical to std::mt19937(seed));
//   - doubles u = (a·2^26 + b) / 2^53 with a = next32 >> 5, b = next32 >> 6;
//   - Marsaglia polar method: x1 = 2u - 1, x2 = 2u' - 1, r² = x1² + x2², retry while r² ≥ 1 or
//     r² = 0; f = sqrt(-2 ln r² / r²); return f·x2 and keep f·x1 for the next call.
#pragma once
#include <cstdint>
#include <random>
#include <vector>

namespace sbi::sim {

class NumpyLegacyNormal {
 public:
  explicit NumpyLegacyNormal(std::uint32_t seed) : mt_(seed) {}
  double next();

 private:
  double next_double();
  std::mt19937 mt_;
  bool has_cached_ = false;
  double cached_ = 0.0;
};

// np.random.RandomState(seed).randn(n).
std::vector<double> numpy_randn(std::uint32_t seed, std::size_t n);

}  // namespace sbi::sim
