// Mixture density network (see mdn.hpp).
#include "flows/mdn.hpp"

#include <cmath>
#include <vector>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "flows/mdn_op.hpp"

namespace sbi::flows {

MDN::MDN(const EstimatorConfig& c, Rng& rng) : ConditionalDensityEstimator(c, rng) {
  nn::MLPConfig mc;
  mc.in = std::max<Index>(feature_dim(), 1);
  mc.hidden.assign(static_cast<std::size_t>(c.blocks), c.hidden);
  const Index k = c.components, d = c.y_dim;
  mc.out = k + k * d + k * mdn_factor_count(d);
  mc.activation = c.activation;
  net_ = nn::MLP(mc, rng);
}

ad::Var MDN::network(ad::Tape& tape, ad::Var features, Index rows) {
  if (features.valid()) return net_.forward(tape, features);
  ad::Var zero = tape.record(rows, 1, nullptr, nullptr, 0);
  zero.value().setZero();
  return net_.forward(tape, zero);
}

ad::Var MDN::log_prob_standardized(ad::Tape& tape, ad::Var y, ad::Var features) {
  const Index k = config().components, d = y_dim();
  ad::Var out = network(tape, features, y.rows());
  return mdn_log_prob(y, ad::slice_cols(out, 0, k), ad::slice_cols(out, k, k * d),
                      ad::slice_cols(out, k + k * d, k * mdn_factor_count(d)));
}

MatrixF MDN::sample_standardized(const MatrixF& features, std::uint64_t seed, Index first_row) {
  const Index k = config().components, d = y_dim(), n = features.rows();
  nn::NoGradScope no_grad;
  ad::Tape tape;
  MatrixF out = network(tape, features.cols() > 0 ? tape.constant(features) : ad::Var{}, n).value();
  MatrixF y(n, d);
  std::vector<double> probs(static_cast<std::size_t>(k));
  Eigen::VectorXd eps(d);
  for (Index i = 0; i < n; ++i) {
    Rng rng(seed, static_cast<std::uint64_t>(first_row + i));
    double top = out.row(i).head(k).maxCoeff();
    for (Index c = 0; c < k; ++c) probs[static_cast<std::size_t>(c)] = std::exp(out(i, c) - top);
    const auto comp = static_cast<Index>(rng.categorical(probs));
    for (Index j = 0; j < d; ++j) eps(j) = rng.normal();
    const MatrixD u = mdn_precision_factor(&out(i, k + k * d), comp, d);
    const Eigen::VectorXd x = u.triangularView<Eigen::Upper>().solve(eps);
    for (Index j = 0; j < d; ++j) y(i, j) = static_cast<float>(out(i, k + comp * d + j) + x(j));
  }
  return y;
}

}  // namespace sbi::flows
