// Permutation layer and the standard-normal base density (see permutation.hpp, transform.hpp).
#include "flows/permutation.hpp"

#include <cmath>
#include <numbers>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "core/rng.hpp"
#include "flows/column_ops.hpp"

namespace sbi::flows {

ad::Var standard_normal_log_prob(ad::Var z) {
  const float c = -0.5f * static_cast<float>(z.cols()) *
                  static_cast<float>(std::log(2 * std::numbers::pi));
  return ad::add_scalar(ad::mul_scalar(ad::row_sums(ad::square(z)), -0.5f), c);
}

std::vector<Index> random_permutation(Index features, std::uint64_t seed) {
  Rng rng(seed, 0);
  const auto p = rng.permutation(features);
  return {p.begin(), p.end()};
}

std::vector<Index> reversal_permutation(Index features) {
  std::vector<Index> p(static_cast<std::size_t>(features));
  for (Index j = 0; j < features; ++j) p[static_cast<std::size_t>(j)] = features - 1 - j;
  return p;
}

Permutation::Permutation(std::vector<Index> perm) : perm_(std::move(perm)) {
  std::vector<bool> seen(perm_.size(), false);
  for (Index p : perm_) {
    if (p < 0 || p >= static_cast<Index>(perm_.size()) || seen[static_cast<std::size_t>(p)])
      throw ValueError("Permutation: not a permutation of 0.." + std::to_string(perm_.size() - 1));
    seen[static_cast<std::size_t>(p)] = true;
  }
}

TransformResult Permutation::forward(ad::Tape& tape, ad::Var x, ad::Var) {
  require_shape("Permutation input", x.rows(), x.cols(), -1, static_cast<Index>(perm_.size()));
  return {select_cols(x, perm_), tape.scalar_constant(0.f)};
}

MatrixF Permutation::inverse(const MatrixF& z, const MatrixF&) {
  require_shape("Permutation inverse input", z, -1, static_cast<Index>(perm_.size()));
  MatrixF x(z.rows(), z.cols());
  for (std::size_t j = 0; j < perm_.size(); ++j) x.col(perm_[j]) = z.col(static_cast<Index>(j));
  return x;
}

}  // namespace sbi::flows
