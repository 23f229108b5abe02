// Autoregressive flow layers conditioned by a MADE (data → noise in forward):
//  - AffineAutoregressive (MAF, nflows' MaskedAffineAutoregressiveTransform, nflows ≥ 0.14):
//      [μ | α] = MADE(x, c),  s = softplus(α) + 10⁻³,  z = x ⊙ s + μ,  log|det| = Σ_j log s_j.
//    (The older form s = σ(α + 2) + 10⁻³ caps s at ~1, so data → noise could only contract
//    and a conditional narrower than the z-scored marginal could not be represented.)
//  - SplineAutoregressive (autoregressive NSF): per feature 3K-1 spline parameters from a
//    feature-major MADE, widths/heights scaled by 1/√hidden (or 1: spline_scale=none); z_j = RQS_j(x_j).
// The inverse runs D passes: pass k fixes the feature of degree k, since its parameters
// depend only on already fixed features (x starts at 0).
#pragma once
#include "flows/made.hpp"
#include "flows/rq_spline.hpp"
#include "flows/transform.hpp"

namespace sbi::flows {

class AffineAutoregressive : public Transform {
 public:
  AffineAutoregressive(MadeSettings made, Rng& rng);  // made.multiplier is set to 2
  TransformResult forward(ad::Tape& tape, ad::Var x, ad::Var context) override;
  MatrixF inverse(const MatrixF& z, const MatrixF& context) override;
  void collect_parameters(const std::string& prefix, nn::ParamList& out) override {
    made_.collect_parameters(prefix + "made.", out);
  }
  const MADE& made() const { return made_; }

 private:
  MADE made_;
};

class SplineAutoregressive : public Transform {
 public:
  SplineAutoregressive(MadeSettings made, const SplineSettings& spline, Rng& rng);
  TransformResult forward(ad::Tape& tape, ad::Var x, ad::Var context) override;
  MatrixF inverse(const MatrixF& z, const MatrixF& context) override;
  void collect_parameters(const std::string& prefix, nn::ParamList& out) override {
    made_.collect_parameters(prefix + "made.", out);
  }
  const MADE& made() const { return made_; }
  const SplineSettings& spline() const { return spline_; }

 private:
  MADE made_;
  SplineSettings spline_;
};

}  // namespace sbi::flows
