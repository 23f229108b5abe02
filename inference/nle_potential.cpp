// The NLE posterior potential (see nle_potential.hpp).
#include "inference/nle_potential.hpp"

namespace sbi::inference {

mcmc::LogDensity likelihood_potential(std::shared_ptr<flows::ConditionalDensityEstimator> estimator,
                                      std::shared_ptr<flows::FlowEvaluator> evaluator, sim::PriorPtr prior,
                                      const MatrixF& x_row) {
  mcmc::LogDensity potential;
  potential.dim = prior->dim();
  potential.value = [estimator, evaluator, prior, x_row, theta_f = MatrixF(), lp = VectorF()](
                        ConstRowsD theta, ValuesD logp) mutable {
    const Index n = theta.rows();
    reserve_rows(theta_f, n, theta.cols());
    reserve_rows(lp, n);
    theta_f.topRows(n) = theta.cast<float>();
    if (evaluator) evaluator->log_prob_into(x_row, theta_f.topRows(n), lp.head(n));
    else estimator->log_prob_into(x_row, theta_f.topRows(n), lp.head(n));
    logp = lp.head(n).cast<double>();
    for (Index i = 0; i < n; ++i) logp[i] += prior->log_prob_one(theta.row(i).data());
  };
  return potential;
}

}  // namespace sbi::inference
