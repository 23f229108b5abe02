// NumPy legacy RandomState normals (algorithm in numpy_legacy_normal.hpp).
#include "simulators/numpy_legacy_normal.hpp"

#include <cmath>

namespace sbi::sim {

double NumpyLegacyNormal::next_double() {
  const std::uint32_t a = static_cast<std::uint32_t>(mt_()) >> 5;
  const std::uint32_t b = static_cast<std::uint32_t>(mt_()) >> 6;
  return (static_cast<double>(a) * 67108864.0 + static_cast<double>(b)) / 9007199254740992.0;
}

double NumpyLegacyNormal::next() {
  if (has_cached_) {
    has_cached_ = false;
    return cached_;
  }
  double x1, x2, r2;
  do {
    x1 = 2.0 * next_double() - 1.0;
    x2 = 2.0 * next_double() - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 == 0.0);
  const double f = std::sqrt(-2.0 * std::log(r2) / r2);
  cached_ = f * x1;
  has_cached_ = true;
  return f * x2;
}

std::vector<double> numpy_randn(std::uint32_t seed, std::size_t n) {
  NumpyLegacyNormal g(seed);
  std::vector<double> v(n);
  for (auto& x : v) x = g.next();
  return v;
}

}  // namespace sbi::sim
