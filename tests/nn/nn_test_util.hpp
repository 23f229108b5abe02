// Shared helpers for the nn tests: random matrices and a gradient-check assertion.
#pragma once
#include <doctest/doctest.h>

#include "core/gradcheck.hpp"
#include "core/rng.hpp"

namespace sbi::test {

inline MatrixF random_matrix(Rng& rng, Index r, Index c, double sd = 1.0) {
  MatrixF m(r, c);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.normal(0, sd));
  return m;
}

inline void require_gradients(const ad::GradFunction& f, const std::vector<MatrixF>& inputs,
                              const std::vector<ad::ParamRef>& params,
                              const ad::GradCheckSettings& options = {}) {
  const ad::GradCheckReport r = ad::check_gradients(f, inputs, params, options);
  INFO(r.detail);
  CHECK(r.entries_checked > 0);
  CHECK(r.passed);
}

}  // namespace sbi::test
