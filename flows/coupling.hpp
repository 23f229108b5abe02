// Rational-quadratic spline coupling layer (nflows' PiecewiseRationalQuadraticCouplingTransform
// with linear tails): the features are split by a binary mask into identity features x_a
// and transformed features x_b;
//   θ = ResidualNet(x_a, context) (widths and heights scaled by 1/√hidden, or by 1 with
//   spline_scale=none),
//   z_a = x_a,  z_b = RQS_θ(x_b),  log|det| = Σ_b log|RQS'_θ(x_b)|.
// With one feature there are no identity features: the spline parameters come from the context
// alone (a ResidualNet of the context; unconditional: of a constant zero input).
// alternating_mask(D, even): transformed where j is even (even = true) or odd.
#pragma once
#include <vector>

#include "flows/rq_spline.hpp"
#include "flows/transform.hpp"
#include "nn/residual_net.hpp"

namespace sbi::flows {

std::vector<bool> alternating_mask(Index features, bool even);

class SplineCoupling : public Transform {
 public:
  SplineCoupling(Index features, Index context, const std::vector<bool>& transform_mask,
                 Index hidden, Index blocks, nn::Activation activation,
                 const SplineSettings& spline, Rng& rng);
  TransformResult forward(ad::Tape& tape, ad::Var x, ad::Var context) override;
  MatrixF inverse(const MatrixF& z, const MatrixF& context) override;
  void collect_parameters(const std::string& prefix, nn::ParamList& out) override {
    net_.collect_parameters(prefix + "net.", out);
  }
  const std::vector<Index>& identity_features() const { return identity_; }
  const std::vector<Index>& transformed_features() const { return transformed_; }
  Index context_features() const { return context_; }
  const nn::ResidualNet& net() const { return net_; }
  const SplineSettings& spline() const { return spline_; }

 private:
  ad::Var spline_params(ad::Tape& tape, ad::Var x, ad::Var context);
  Index features_, context_;
  std::vector<Index> identity_, transformed_, merge_;  // merge_: [x_a | z_b] → original order
  nn::ResidualNet net_;
  SplineSettings spline_;
};

}  // namespace sbi::flows
