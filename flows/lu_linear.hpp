// LU-parameterised invertible linear layer (nflows' LULinear):
//   z = x·Wᵀ + b,  W = L·U,  L unit lower triangular, U upper triangular with
//   diag(U) = softplus(u) + 10⁻³ > 0,   log|det| = Σ_j log diag(U)_j  (the same for every row).
// identity_init: L = I, U = I, b = 0 (as sbi's NSF). inverse solves L·U·xᵀ = (z - b)ᵀ.
#pragma once
#include "flows/transform.hpp"

namespace sbi::flows {

class LULinear : public Transform {
 public:
  LULinear(Index features, bool identity_init, Rng& rng);
  TransformResult forward(ad::Tape& tape, ad::Var x, ad::Var context) override;
  MatrixF inverse(const MatrixF& z, const MatrixF& context) override;
  void collect_parameters(const std::string& prefix, nn::ParamList& out) override;
  MatrixD weight() const;  // W = L·U (tests, the tape-free evaluator)
  MatrixF bias() const { return bias_.value; }  // 1×D
  double log_abs_det() const;  // Σ_j log diag(U)_j

 private:
  Index features_;
  nn::Param lower_, upper_, diag_, bias_;
  MatrixF strict_lower_, strict_upper_, eye_;
};

}  // namespace sbi::flows
