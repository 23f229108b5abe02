// Small closed-form densities used by task likelihoods (double precision).
//   normal_log_pdf(x; m, v) = -½ log(2π v) - (x - m)² / (2 v)   (v is a variance)
#pragma once
#include <cmath>
#include <numbers>
#include <vector>

#include <string>

namespace sbi::sim {

inline double normal_log_pdf(double x, double mean, double variance) {
  const double d = x - mean;
  return -0.5 * std::log(2.0 * std::numbers::pi * variance) - 0.5 * d * d / variance;
}

// log(e^a + e^b) without overflow.
inline double log_add_exp(double a, double b) {
  if (a == -INFINITY) return b;
  if (b == -INFINITY) return a;
  const double m = a > b ? a : b;
  return m + std::log1p(std::exp(-std::abs(a - b)));
}

// Names name_1 .. name_n.
inline std::vector<std::string> indexed_names(const std::string& prefix, long n) {
  std::vector<std::string> v;
  for (long i = 1; i <= n; ++i) v.push_back(prefix + "_" + std::to_string(i));
  return v;
}

}  // namespace sbi::sim
