// Two-stage simulation with a restricted prior (see restricted_simulation.hpp).
#include "sequential/restricted_simulation.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "inference/rng_streams.hpp"

namespace sbi::inference {

namespace {
MatrixD rows_where(const MatrixD& m, const std::vector<bool>& keep) {
  std::vector<Index> rows;
  for (Index i = 0; i < m.rows(); ++i)
    if (keep[static_cast<std::size_t>(i)]) rows.push_back(i);
  return m(rows, Eigen::placeholders::all);
}

Index count_invalid(const std::vector<bool>& valid, std::size_t begin, std::size_t end) {
  return static_cast<Index>(std::count(valid.begin() + long(begin), valid.begin() + long(end), false));
}
}  // namespace

MatrixD RestrictedSimulations::valid_theta() const { return rows_where(theta, valid); }
MatrixD RestrictedSimulations::valid_x() const { return rows_where(x, valid); }

Index default_first_batch(Index total) { return std::min(total, std::max<Index>(100, total / 10)); }

RestrictedSimulations simulate_with_restriction(const sim::PriorPtr& prior, const SimulateFn& simulate,
                                                const RestrictedSimulationSettings& s) {
  if (s.first < 1 || s.first > s.total)
    throw ValueError("restriction: the first batch must have 1.." + std::to_string(s.total) +
                     " simulations, got " + std::to_string(s.first));
  RestrictedSimulations out;
  out.first = s.first;
  const MatrixD theta0 = prior->sample(s.first, derive_seed(s.seed, streams::kRestrictedFirstPrior));
  const MatrixD x0 = simulate(theta0, derive_seed(s.seed, streams::kRestrictedFirstSimulation));
  std::vector<bool> valid0 = s.rule.valid_rows(x0);
  out.invalid_first = count_invalid(valid0, 0, valid0.size());
  out.theta = theta0;
  out.x = x0;
  out.valid = valid0;
  if (s.first == s.total) return out;

  RestrictionSettings options = s.classifier;
  options.seed = derive_seed(s.seed, streams::kRestrictionClassifier);
  auto classifier = std::make_shared<const RestrictionClassifier>(RestrictionClassifier::fit(theta0, valid0, options));
  out.prior = std::make_shared<const RestrictedPrior>(prior, classifier, options);
  const MatrixD theta1 = out.prior->sample(s.total - s.first, derive_seed(s.seed, streams::kRestrictedPrior));
  const MatrixD x1 = simulate(theta1, derive_seed(s.seed, streams::kRestrictedSimulation));
  if (x1.cols() != x0.cols()) throw ShapeError("restriction: the simulator changed its output width");
  const std::vector<bool> valid1 = s.rule.valid_rows(x1);
  out.invalid_rest = count_invalid(valid1, 0, valid1.size());
  out.theta.conservativeResize(s.total, Eigen::NoChange);
  out.theta.bottomRows(theta1.rows()) = theta1;
  out.x.conservativeResize(s.total, Eigen::NoChange);
  out.x.bottomRows(x1.rows()) = x1;
  out.valid.insert(out.valid.end(), valid1.begin(), valid1.end());
  return out;
}

}  // namespace sbi::inference
