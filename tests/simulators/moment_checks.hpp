// Monte-Carlo moment checks for the simulator tests: the tolerance is 5 standard errors
// estimated from the same sample (sd/√n for a mean, sqrt((m4 - s⁴)/n) for a variance).
#pragma once
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/tensor.hpp"

namespace sbi::test {

struct SampleMoments {
  double mean = 0, var = 0, m4 = 0;
  double n = 0;
};

inline SampleMoments moments_of(const Eigen::Ref<const VectorD>& v) {
  SampleMoments m;
  m.n = static_cast<double>(v.size());
  m.mean = v.mean();
  for (Index i = 0; i < v.size(); ++i) {
    const double d = v[i] - m.mean;
    m.var += d * d;
    m.m4 += d * d * d * d;
  }
  m.var /= m.n - 1;
  m.m4 /= m.n;
  return m;
}

inline void check_mean(const Eigen::Ref<const VectorD>& v, double expected, const std::string& what) {
  const SampleMoments m = moments_of(v);
  const double se = std::sqrt(m.var / m.n);
  INFO(what << ": sample mean " << m.mean << " expected " << expected << " (se " << se << ")");
  CHECK(std::abs(m.mean - expected) <= 5.0 * se + 1e-12);
}

inline void check_variance(const Eigen::Ref<const VectorD>& v, double expected, const std::string& what) {
  const SampleMoments m = moments_of(v);
  const double se = std::sqrt(std::max(m.m4 - m.var * m.var, 0.0) / m.n);
  INFO(what << ": sample variance " << m.var << " expected " << expected << " (se " << se << ")");
  CHECK(std::abs(m.var - expected) <= 5.0 * se + 1e-12);
}

}  // namespace sbi::test
