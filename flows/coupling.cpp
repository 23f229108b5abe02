// Spline coupling layer (see coupling.hpp).
#include "flows/coupling.hpp"

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "flows/column_ops.hpp"
#include "flows/rq_spline_op.hpp"

namespace sbi::flows {

std::vector<bool> alternating_mask(Index features, bool even) {
  std::vector<bool> m(static_cast<std::size_t>(features));
  for (Index j = 0; j < features; ++j) m[static_cast<std::size_t>(j)] = (j % 2 == 0) == even;
  return m;
}

SplineCoupling::SplineCoupling(Index features, Index context, const std::vector<bool>& mask,
                               Index hidden, Index blocks, nn::Activation activation,
                               const SplineSettings& spline, Rng& rng)
    : features_(features), context_(context), spline_(spline) {
  spline_.validate();
  if (static_cast<Index>(mask.size()) != features)
    throw ShapeError("SplineCoupling: mask has " + std::to_string(mask.size()) +
                     " entries for " + std::to_string(features) + " features");
  for (Index j = 0; j < features; ++j)
    (mask[static_cast<std::size_t>(j)] ? transformed_ : identity_).push_back(j);
  if (transformed_.empty()) throw ValueError("SplineCoupling: the mask transforms no feature");
  merge_.assign(static_cast<std::size_t>(features), 0);
  Index pos = 0;
  for (Index j : identity_) merge_[static_cast<std::size_t>(j)] = pos++;
  for (Index j : transformed_) merge_[static_cast<std::size_t>(j)] = pos++;
  nn::ResidualNetSettings rc;
  rc.hidden = hidden;
  rc.blocks = blocks;
  rc.activation = activation;
  rc.out = static_cast<Index>(transformed_.size()) * spline_.params_per_dim();
  if (!identity_.empty()) {
    rc.in = static_cast<Index>(identity_.size());
    rc.context = context;
  } else {
    rc.in = context > 0 ? context : 1;  // the context alone (or a constant input)
  }
  net_ = nn::ResidualNet(rc, rng);
}

ad::Var SplineCoupling::spline_params(ad::Tape& tape, ad::Var x, ad::Var context) {
  if (context_ > 0) {
    if (!context.valid()) throw ValueError("SplineCoupling: this layer needs a context");
    require_shape("SplineCoupling context", context.rows(), context.cols(), x.rows(), context_);
  }
  if (!identity_.empty())
    return net_.forward(tape, select_cols(x, identity_), context_ > 0 ? context : ad::Var{});
  if (context_ > 0) return net_.forward(tape, context);
  ad::Var zero = tape.record(x.rows(), 1, nullptr, nullptr, 0);
  zero.value().setZero();
  return net_.forward(tape, zero);
}

TransformResult SplineCoupling::forward(ad::Tape& tape, ad::Var x, ad::Var context) {
  require_shape("SplineCoupling input", x.rows(), x.cols(), -1, features_);
  ad::Var params = spline_params(tape, x, context);
  if (identity_.empty()) {
    SplineVars s = rq_spline(x, params, spline_);
    return {s.y, s.logdet};
  }
  SplineVars s = rq_spline(select_cols(x, transformed_), params, spline_);
  ad::Var z = select_cols(ad::concat_cols(select_cols(x, identity_), s.y), merge_);
  return {z, s.logdet};
}

MatrixF SplineCoupling::inverse(const MatrixF& z, const MatrixF& context) {
  require_shape("SplineCoupling inverse input", z, -1, features_);
  nn::NoGradScope no_grad;
  ad::Tape tape(std::size_t(1) << 16);
  ad::Var zv = tape.constant(z);
  ad::Var cv = context.cols() > 0 ? tape.constant(context) : ad::Var{};
  MapF params = spline_params(tape, zv, cv).value();  // identity features: z_a = x_a
  MatrixF zb(z.rows(), static_cast<Index>(transformed_.size()));
  for (std::size_t k = 0; k < transformed_.size(); ++k) zb.col(static_cast<Index>(k)) = z.col(transformed_[k]);
  MatrixF xb(zb.rows(), zb.cols()), logdet(z.rows(), 1);
  rq_spline_inverse(zb, params, spline_, xb, logdet);
  MatrixF x = z;
  for (std::size_t k = 0; k < transformed_.size(); ++k) x.col(transformed_[k]) = xb.col(static_cast<Index>(k));
  return x;
}

}  // namespace sbi::flows
