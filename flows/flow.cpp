// Flow construction, log-density and sampling (see flow.hpp).
#include "flows/flow.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "flows/autoregressive.hpp"
#include "flows/coupling.hpp"
#include "flows/lu_linear.hpp"
#include "flows/permutation.hpp"
#include "flows/rng_streams.hpp"

namespace sbi::flows {

Flow::Flow(const EstimatorSettings& c, Rng& rng) : ConditionalDensityEstimator(c, rng) {
  const Index d = c.y_dim;
  SplineSettings spline;
  spline.bins = static_cast<int>(c.bins);
  spline.tail_bound = c.tail_bound;
  spline.scale = c.spline_scale == "hidden" ? 1.0 / std::sqrt(static_cast<double>(c.hidden)) : 1.0;
  // An autoregressive layer transforms the feature it reads first by constants alone, so no
  // feature may be read first by every layer (see permutation.hpp); LU-linear layers in between
  // mix the features anyway.
  const auto perms = d > 1 ? layer_permutations(d, c.transforms, c.permutation, c.seed, c.guards_first_feature())
                           : std::vector<std::vector<Index>>{};
  for (Index i = 0; i < c.transforms; ++i) {
    MadeSettings made;
    made.features = d;
    made.context = feature_dim();
    made.hidden = c.hidden;
    made.blocks = c.blocks;
    made.activation = c.activation;
    made.random_mask = c.random_mask;
    made.mask_seed = derive_seed(c.seed, streams::kMadeMask.id(static_cast<std::uint64_t>(i)));
    if (c.kind == "maf") {
      transforms_.push_back(std::make_unique<AffineAutoregressive>(made, rng));
    } else if (c.kind == "nsf_ar") {
      transforms_.push_back(std::make_unique<SplineAutoregressive>(made, spline, rng));
    } else if (c.kind == "nsf") {
      const auto mask = d > 1 ? alternating_mask(d, i % 2 == 0) : std::vector<bool>{true};
      transforms_.push_back(std::make_unique<SplineCoupling>(d, feature_dim(), mask, c.hidden,
                                                             c.blocks, c.activation, spline, rng));
    } else {
      throw ValueError("Flow: kind '" + c.kind + "' is not a flow");
    }
    if (c.lu_linear && d > 1) transforms_.push_back(std::make_unique<LULinear>(d, true, rng));
    if (!perms.empty()) transforms_.push_back(std::make_unique<Permutation>(perms[static_cast<std::size_t>(i)]));
  }
}

ad::Var Flow::log_prob_standardized(ad::Tape& tape, ad::Var y, ad::Var features) {
  ad::Var z = y, logdet;
  for (auto& t : transforms_) {
    TransformResult r = t->forward(tape, z, features);
    z = r.z;
    logdet = logdet.valid() ? ad::add(logdet, r.logdet) : r.logdet;
  }
  return ad::add(standard_normal_log_prob(z), logdet);
}

MatrixF Flow::inverse_standardized(const MatrixF& z, const MatrixF& features) {
  MatrixF x = z;
  for (auto it = transforms_.rbegin(); it != transforms_.rend(); ++it) x = (*it)->inverse(x, features);
  return x;
}

MatrixF Flow::forward_standardized(const MatrixF& y, const MatrixF& features) {
  nn::NoGradScope no_grad;
  ad::Tape tape;
  ad::Var z = tape.constant(y);
  ad::Var f = features.cols() > 0 ? tape.constant(features) : ad::Var{};
  for (auto& t : transforms_) z = t->forward(tape, z, f).z;
  return z.value();
}

MatrixF Flow::sample_standardized(const MatrixF& features, std::uint64_t seed, Index first_row) {
  MatrixF z(features.rows(), y_dim());
  for (Index i = 0; i < z.rows(); ++i) {
    Rng rng(seed, static_cast<std::uint64_t>(first_row + i));
    for (Index j = 0; j < z.cols(); ++j) z(i, j) = static_cast<float>(rng.normal());
  }
  return inverse_standardized(z, features);
}

void Flow::collect_model_parameters(const std::string& prefix, nn::ParamList& out) {
  for (std::size_t i = 0; i < transforms_.size(); ++i)
    transforms_[i]->collect_parameters(prefix + "transforms." + std::to_string(i) + ".", out);
}

}  // namespace sbi::flows
