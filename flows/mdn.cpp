// Mixture density network (see mdn.hpp).
#include "flows/mdn.hpp"

#include <cmath>
#include <vector>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "flows/mdn_op.hpp"

namespace sbi::flows {

MDN::MDN(const EstimatorSettings& c, Rng& rng) : ConditionalDensityEstimator(c, rng) {
  nn::MLPSettings mc;
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

GaussianMixture MDN::mixture(const MatrixF& context_row) {
  const Index k = config().components, d = y_dim();
  if (context_dim() > 0) require_shape("MDN::mixture: context", context_row, 1, context_dim());
  nn::NoGradScope no_grad;
  ad::Tape tape;
  const MatrixF out = network(tape, context_dim() > 0 ? features(tape, tape.constant(context_row)) : ad::Var{}, 1).value();
  const RowVectorD m = y_standardizer().dim() == d ? RowVectorD(y_standardizer().mean()) : RowVectorD::Zero(d);
  const RowVectorD s = y_standardizer().dim() == d ? RowVectorD(y_standardizer().sd()) : RowVectorD::Ones(d);
  const MatrixD inv_s = s.cwiseInverse().asDiagonal();
  GaussianMixture g;
  g.log_weights.resize(k);
  const double top = out.row(0).head(k).cast<double>().maxCoeff();
  const double log_norm = top + std::log((out.row(0).head(k).cast<double>().array() - top).exp().sum());
  for (Index c = 0; c < k; ++c) {
    g.log_weights(c) = double(out(0, c)) - log_norm;
    const RowVectorD mu = out.row(0).segment(k + c * d, d).cast<double>();
    g.means.push_back((m + s.cwiseProduct(mu)).transpose());
    const MatrixD u = mdn_precision_factor(&out(0, k + k * d), c, d);
    g.precisions.push_back(inv_s * (u.transpose() * u) * inv_s);
  }
  return g;
}

namespace {
// The embedding net's weights ("embedding.*") of `from` into `to` (same specification).
void copy_embedding_weights(MDN& from, MDN& to) {
  const nn::ParamList source = from.parameters(), target = to.parameters();
  for (std::size_t i = 0; i < target.size() && i < source.size(); ++i)
    if (target[i].name.rfind("embedding.", 0) == 0) {
      if (source[i].name != target[i].name || source[i].param->value.rows() != target[i].param->value.rows() ||
          source[i].param->value.cols() != target[i].param->value.cols())
        throw ValueError("MDN::expand_from: embedding weight " + target[i].name + " does not match");
      target[i].param->value = source[i].param->value;
    }
}
}  // namespace

void MDN::expand_from(MDN& single, double perturbation, std::uint64_t seed) {
  const Index k = config().components, d = y_dim(), f = mdn_factor_count(d);
  auto& to = net_.layers();
  auto& from = single.net_.layers();
  if (config().embedding().str() != single.config().embedding().str())
    throw ValueError("MDN::expand_from: the embedding nets differ");
  copy_embedding_weights(single, *this);
  if (single.config().components != 1 || from.size() != to.size() || single.y_dim() != d)
    throw ValueError("MDN::expand_from: needs a one-component MDN of the same architecture");
  for (std::size_t l = 0; l + 1 < to.size(); ++l) {
    to[l].weight.value = from[l].weight.value;
    to[l].bias.value = from[l].bias.value;
  }
  // Output rows: K logits, K·D means, K·F factors; the single net has 1, D and F of them.
  const nn::Linear& src = from.back();
  nn::Linear& dst = to.back();
  if (src.in_features() != dst.in_features()) throw ValueError("MDN::expand_from: hidden sizes differ");
  Rng rng(seed);
  auto copy_row = [&](Index to_row, Index from_row) {
    for (Index j = 0; j < dst.in_features(); ++j)
      dst.weight.value(to_row, j) = src.weight.value(from_row, j) + static_cast<float>(perturbation * rng.normal());
    dst.bias.value(0, to_row) = src.bias.value(0, from_row) + static_cast<float>(perturbation * rng.normal());
  };
  for (Index c = 0; c < k; ++c) {
    copy_row(c, 0);
    for (Index j = 0; j < d; ++j) copy_row(k + c * d + j, 1 + j);
    for (Index j = 0; j < f; ++j) copy_row(k + k * d + c * f + j, 1 + d + j);
  }
  set_standardizers(single.y_standardizer(), single.context_standardizer());
}

}  // namespace sbi::flows
