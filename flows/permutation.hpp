// Feature permutation between flow layers: z_j = x_{perm[j]}, log|det| = 0.
// random_permutation draws perm from Rng(seed); reversal_permutation is D-1, ..., 0.
#pragma once
#include <vector>

#include "flows/transform.hpp"

namespace sbi::flows {

std::vector<Index> random_permutation(Index features, std::uint64_t seed);
std::vector<Index> reversal_permutation(Index features);

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
