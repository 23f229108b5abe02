// An NPE posterior flow as an MCMC target (see npe_flow_potential.hpp).
#include "inference/npe_flow_potential.hpp"

#include <limits>
#include <memory>

#include "core/errors.hpp"
#include "flows/flow_evaluator.hpp"

namespace sbi::inference {

mcmc::LogDensity posterior_flow_potential(const PosteriorEstimator& estimator, const MatrixF& x_row) {
  if (estimator.space() != ThetaSpace::constrained)
    throw ValueError("posterior_flow_potential: the flow models unconstrained θ, which never leaks");
  require_shape("posterior_flow_potential: x_o", x_row, 1, estimator.context_dim());
  std::shared_ptr<flows::FlowEvaluator> evaluator = flows::FlowEvaluator::build(estimator.flow());
  mcmc::LogDensity potential;
  potential.dim = estimator.theta_dim();
  potential.value = [estimator, evaluator, prior = estimator.prior(), x_row, theta_f = MatrixF(),
                     lp = VectorF()](ConstRowsD theta, ValuesD logp) mutable {
    const Index n = theta.rows(), d = theta.cols();
    reserve_rows(theta_f, n, d);
    reserve_rows(lp, n);
    theta_f.topRows(n) = theta.cast<float>();
    if (evaluator) evaluator->log_prob_into(theta_f.topRows(n), x_row, lp.head(n));
    else estimator.flow().log_prob_into(theta_f.topRows(n), x_row, lp.head(n));
    constexpr double kOutside = -std::numeric_limits<double>::infinity();
    for (Index i = 0; i < n; ++i) logp[i] = prior->in_support_one(theta.row(i).data()) ? double(lp[i]) : kOutside;
  };
  return potential;
}

}  // namespace sbi::inference
