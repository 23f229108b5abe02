// Feature permutation between flow layers: z_j = x_{perm[j]}, log|det| = 0.
// random_permutation draws perm from Rng(seed); reversal_permutation is D-1, ..., 0.
// layer_permutations gives the permutation after each autoregressive layer. Layer i reads the
// features in the order perm_0 ∘ … ∘ perm_{i-1}; the first feature there has MADE degree 1, which
// no hidden unit reaches, so the layer transforms it with learned constants (neither the context
// nor the other features). Random draws that put one feature first in every layer (in 2-D with 5
// layers: probability 1/16) would make that feature's distribution fixed whatever the context (a
// Gaussian in a MAF); with `keep_first_moving` such draws are replaced by alternating reversals.
#pragma once
#include <vector>

#include "flows/permutation_scheme.hpp"
#include "flows/transform.hpp"

namespace sbi::flows {

std::vector<Index> random_permutation(Index features, std::uint64_t seed);
std::vector<Index> reversal_permutation(Index features);

// perms[i] follows layer i (none: no permutations, an empty list); random seeds derive from
// `seed` by the stream kRandomPermutation.id(i).
std::vector<std::vector<Index>> layer_permutations(Index features, Index layers,
                                                   PermutationScheme scheme, std::uint64_t seed,
                                                   bool keep_first_moving);
// True when 2 or more layers all read the same feature first under `perms` (see above).
bool one_feature_first_in_every_layer(const std::vector<std::vector<Index>>& perms);

class Permutation : public Transform {
 public:
  explicit Permutation(std::vector<Index> perm);
  TransformResult forward(ad::Tape& tape, ad::Var x, ad::Var context) override;
  MatrixF inverse(const MatrixF& z, const MatrixF& context) override;
  const std::vector<Index>& perm() const { return perm_; }

 private:
  std::vector<Index> perm_;
};

}  // namespace sbi::flows
