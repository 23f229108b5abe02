// Permutation layer and the standard-normal base density (see permutation.hpp, transform.hpp).
#include "flows/permutation.hpp"

#include <cmath>
#include <numbers>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "core/rng.hpp"
#include "flows/column_ops.hpp"
#include "flows/rng_streams.hpp"

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

bool one_feature_first_in_every_layer(const std::vector<std::vector<Index>>& perms) {
  if (perms.size() < 2 || perms.front().empty()) return false;
  std::vector<Index> order(perms.front().size());  // order[j] = the original feature at position j
  for (std::size_t j = 0; j < order.size(); ++j) order[j] = static_cast<Index>(j);
  const Index first = order[0];
  for (std::size_t i = 0; i + 1 < perms.size(); ++i) {  // the last permutation feeds no layer
    std::vector<Index> next(order.size());
    for (std::size_t j = 0; j < order.size(); ++j) next[j] = order[static_cast<std::size_t>(perms[i][j])];
    order = std::move(next);
    if (order[0] != first) return false;
  }
  return true;
}

std::vector<std::vector<Index>> layer_permutations(Index features, Index layers,
                                                   PermutationScheme scheme, std::uint64_t seed,
                                                   bool keep_first_moving) {
  std::vector<std::vector<Index>> perms;
  if (scheme == PermutationScheme::none) return perms;
  for (Index i = 0; i < layers; ++i)
    perms.push_back(scheme == PermutationScheme::reverse
                        ? reversal_permutation(features)
                        : random_permutation(features, derive_seed(seed, streams::kRandomPermutation.id(static_cast<std::uint64_t>(i)))));
  if (keep_first_moving && one_feature_first_in_every_layer(perms))
    for (auto& p : perms) p = reversal_permutation(features);
  return perms;
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
