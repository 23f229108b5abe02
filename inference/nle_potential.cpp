// The NLE posterior potential (see nle_potential.hpp).
#include "inference/nle_potential.hpp"

#include <cmath>
#include <limits>

namespace sbi::inference {

mcmc::LogDensity likelihood_potential(std::shared_ptr<flows::ConditionalDensityEstimator> estimator,
                                      std::shared_ptr<flows::FlowEvaluator> evaluator, sim::PriorPtr prior,
                                      const MatrixF& x_row, ThetaSpace space) {
  mcmc::LogDensity potential;
  potential.dim = prior->dim();
  const bool unconstrained = space == ThetaSpace::unconstrained;
  potential.value = [estimator, evaluator, prior, x_row, unconstrained, theta_f = MatrixF(), lp = VectorF(),
                     z = MatrixD()](ConstRowsD theta, ValuesD logp) mutable {
    const Index n = theta.rows(), d = theta.cols();
    reserve_rows(theta_f, n, d);
    reserve_rows(lp, n);
    if (unconstrained) {
      reserve_rows(z, n, d);
      prior->to_unconstrained_into(theta, z.topRows(n));
      theta_f.topRows(n) = z.topRows(n).cast<float>();
    } else {
      theta_f.topRows(n) = theta.cast<float>();
    }
    if (evaluator) evaluator->log_prob_into(x_row, theta_f.topRows(n), lp.head(n));
    else estimator->log_prob_into(x_row, theta_f.topRows(n), lp.head(n));
    logp = lp.head(n).cast<double>();
    for (Index i = 0; i < n; ++i) {
      logp[i] += prior->log_prob_one(theta.row(i).data());
      if (unconstrained && !theta_f.row(i).allFinite()) logp[i] = -std::numeric_limits<double>::infinity();
    }
  };
  return potential;
}

}  // namespace sbi::inference
