// LU-linear layer (see lu_linear.hpp).
#include "flows/lu_linear.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/ops.hpp"

namespace sbi::flows {

namespace {
constexpr double kMinDiag = 1e-3;
double softplus(double v) { return v > 0 ? v + std::log1p(std::exp(-v)) : std::log1p(std::exp(v)); }
}  // namespace

LULinear::LULinear(Index d, bool identity_init, Rng& rng)
    : features_(d), lower_(d, d), upper_(d, d), diag_(1, d), bias_(1, d) {
  if (d < 1) throw ValueError("LULinear: features must be >= 1, got " + std::to_string(d));
  strict_lower_ = MatrixF::Zero(d, d);
  strict_upper_ = MatrixF::Zero(d, d);
  for (Index i = 0; i < d; ++i)
    for (Index j = 0; j < d; ++j) {
      if (j < i) strict_lower_(i, j) = 1;
      if (j > i) strict_upper_(i, j) = 1;
    }
  eye_ = MatrixF::Identity(d, d);
  const double bound = 1.0 / std::sqrt(static_cast<double>(d));
  const float unit = static_cast<float>(std::log(std::expm1(1.0 - kMinDiag)));  // softplus⁻¹(1 - ε)
  if (identity_init) {
    diag_.value.setConstant(unit);
  } else {
    lower_.init_uniform(rng, bound);
    upper_.init_uniform(rng, bound);
    diag_.init_uniform(rng, bound);
    diag_.value.array() += unit;
    bias_.init_uniform(rng, bound);
  }
}

void LULinear::collect_parameters(const std::string& prefix, nn::ParamList& out) {
  out.push_back({prefix + "lower", &lower_});
  out.push_back({prefix + "upper", &upper_});
  out.push_back({prefix + "diag", &diag_});
  out.push_back({prefix + "bias", &bias_});
}

TransformResult LULinear::forward(ad::Tape& tape, ad::Var x, ad::Var) {
  require_shape("LULinear input", x.rows(), x.cols(), -1, features_);
  ad::Var eye = tape.parameter(eye_);
  ad::Var l = ad::add(ad::mul_mask(lower_.var(tape), strict_lower_), eye);
  ad::Var d = ad::add_scalar(ad::softplus(diag_.var(tape)), static_cast<float>(kMinDiag));  // 1×D
  ad::Var u = ad::add(ad::mul_mask(upper_.var(tape), strict_upper_), ad::mul(eye, d));
  ad::Var z = ad::add(ad::matmul_nt(x, ad::matmul(l, u)), bias_.var(tape));
  return {z, ad::sum(ad::log(d))};
}

MatrixD LULinear::weight() const {
  const Index n = features_;
  MatrixD l = MatrixD::Identity(n, n), u = MatrixD::Zero(n, n);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < n; ++j) {
      if (j < i) l(i, j) = lower_.value(i, j);
      if (j > i) u(i, j) = upper_.value(i, j);
    }
  for (Index j = 0; j < n; ++j) u(j, j) = softplus(diag_.value(0, j)) + kMinDiag;
  return l * u;
}

double LULinear::log_abs_det() const {
  double sum = 0;
  for (Index j = 0; j < features_; ++j) sum += std::log(softplus(diag_.value(0, j)) + kMinDiag);
  return sum;
}

MatrixF LULinear::inverse(const MatrixF& z, const MatrixF&) {
  require_shape("LULinear inverse input", z, -1, features_);
  const Index n = features_;
  MatrixD l = MatrixD::Identity(n, n), u = MatrixD::Zero(n, n);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < n; ++j) {
      if (j < i) l(i, j) = lower_.value(i, j);
      if (j > i) u(i, j) = upper_.value(i, j);
    }
  for (Index j = 0; j < n; ++j) u(j, j) = softplus(diag_.value(0, j)) + kMinDiag;
  // xᵀ = U⁻¹ L⁻¹ (z - b)ᵀ
  MatrixD rhs = (z.cast<double>().rowwise() - bias_.value.cast<double>().row(0)).transpose();
  rhs = l.triangularView<Eigen::UnitLower>().solve(rhs);
  rhs = u.triangularView<Eigen::Upper>().solve(rhs);
  return rhs.transpose().cast<float>();
}

}  // namespace sbi::flows
