// MAF and autoregressive NSF layers (see autoregressive.hpp).
#include "flows/autoregressive.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "flows/rq_spline_op.hpp"

namespace sbi::flows {

namespace {

constexpr float kMinScale = 1e-3f;  // s = softplus(α) + 1e-3

float softplus(float v) { return v > 0 ? v + std::log1p(std::exp(-v)) : std::log1p(std::exp(v)); }

ad::Var context_var(ad::Tape& tape, const MatrixF& context) {
  return context.cols() > 0 ? tape.constant(context) : ad::Var{};
}

}  // namespace

AffineAutoregressive::AffineAutoregressive(MadeSettings made, Rng& rng) {
  made.multiplier = 2;
  made.feature_major = false;
  made_ = MADE(made, rng);
}

TransformResult AffineAutoregressive::forward(ad::Tape& tape, ad::Var x, ad::Var context) {
  const Index d = made_.config().features;
  ad::Var p = made_.forward(tape, x, context);
  ad::Var shift = ad::slice_cols(p, 0, d);
  ad::Var scale = ad::add_scalar(ad::softplus(ad::slice_cols(p, d, d)), kMinScale);
  return {ad::add(ad::mul(x, scale), shift), ad::row_sums(ad::log(scale))};
}

MatrixF AffineAutoregressive::inverse(const MatrixF& z, const MatrixF& context) {
  const Index d = made_.config().features;
  require_shape("AffineAutoregressive inverse input", z, -1, d);
  nn::NoGradScope no_grad;
  ad::Tape tape(std::size_t(1) << 16);
  MatrixF x = MatrixF::Zero(z.rows(), d);
  for (Index pass = 0; pass < d; ++pass) {
    tape.reset();
    MapF p = made_.forward(tape, tape.constant(x), context_var(tape, context)).value();
    for (Index i = 0; i < z.rows(); ++i)
      for (Index j = 0; j < d; ++j) {
        const float s = softplus(p(i, d + j)) + kMinScale;
        x(i, j) = (z(i, j) - p(i, j)) / s;
      }
  }
  return x;
}

SplineAutoregressive::SplineAutoregressive(MadeSettings made, const SplineSettings& spline, Rng& rng)
    : spline_(spline) {
  spline_.validate();
  made.multiplier = spline.params_per_dim();
  made.feature_major = true;
  made_ = MADE(made, rng);
}

TransformResult SplineAutoregressive::forward(ad::Tape& tape, ad::Var x, ad::Var context) {
  SplineVars s = rq_spline(x, made_.forward(tape, x, context), spline_);
  return {s.y, s.logdet};
}

MatrixF SplineAutoregressive::inverse(const MatrixF& z, const MatrixF& context) {
  const Index d = made_.config().features;
  require_shape("SplineAutoregressive inverse input", z, -1, d);
  nn::NoGradScope no_grad;
  ad::Tape tape(std::size_t(1) << 16);
  MatrixF x = MatrixF::Zero(z.rows(), d), logdet(z.rows(), 1);
  for (Index pass = 0; pass < d; ++pass) {
    tape.reset();
    MapF p = made_.forward(tape, tape.constant(x), context_var(tape, context)).value();
    rq_spline_inverse(z, p, spline_, x, logdet);
  }
  return x;
}

}  // namespace sbi::flows
