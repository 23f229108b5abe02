// Restricting invalid simulations in the multi-round driver (see round_restriction.hpp).
#include "sequential/round_restriction.hpp"

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "inference/rng_streams.hpp"

namespace sbi::inference {

void check_round_restriction(const SequentialSettings& s) {
  if (!s.restriction) return;
  if (s.method == SequentialMethod::snpe_a)
    throw ValueError("--restrict does not go with snpe-a (its analytic correction needs a Gaussian or box prior); "
                     "use snpe-c, snpe-b, snle, snre or snre-c");
  if (s.rounds < 2)
    throw ValueError("--restrict with a multi-round method needs --rounds of at least 2 (round 1 trains the "
                     "classifier that restricts the later rounds)");
}

void check_observation_valid(const SequentialSettings& s, const RowVectorD& x_o) {
  // valid_rows checks the rule's columns against x_o's (ShapeError) before reading them.
  if (s.restriction && !s.restriction->rule.valid_rows(MatrixD(x_o)).front())
    throw ValueError("the observation breaks the --restrict rule " + s.restriction->rule.str() +
                     ": a posterior trained on valid simulations only does not apply to it");
}

std::shared_ptr<const RestrictedPrior> fit_round_restriction(const sim::PriorPtr& prior, const MatrixD& theta,
                                                             const std::vector<bool>& valid,
                                                             const SequentialRestrictionSettings& settings,
                                                             std::uint64_t seed) {
  RestrictionSettings options = settings.classifier;
  options.seed = derive_seed(seed, streams::kRoundRestriction);
  auto classifier = std::make_shared<const RestrictionClassifier>(RestrictionClassifier::fit(theta, valid, options));
  return std::make_shared<const RestrictedPrior>(prior, classifier, options);
}

KeptRows keep_valid_rows(const MatrixD& theta, const MatrixD& x, const std::vector<bool>& valid,
                         const sim::Prior* region) {
  if (static_cast<Index>(valid.size()) != theta.rows() || x.rows() != theta.rows())
    throw ShapeError("restriction: " + std::to_string(valid.size()) + " flags for " + std::to_string(theta.rows()) +
                     " rows of θ and " + std::to_string(x.rows()) + " of x");
  std::vector<Index> rows;
  for (Index i = 0; i < theta.rows(); ++i)
    if (valid[static_cast<std::size_t>(i)] && (!region || region->in_support_one(theta.row(i).data())))
      rows.push_back(i);
  KeptRows out;
  out.theta = theta(rows, Eigen::placeholders::all);
  out.x = x(rows, Eigen::placeholders::all);
  out.wasted = theta.rows() - static_cast<Index>(rows.size());
  return out;
}

}  // namespace sbi::inference
