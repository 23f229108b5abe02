// Misspecified observations (recipe in misspecified.hpp).
#include "simulators/misspecified.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "simulators/rng_streams.hpp"

namespace sbi::sim {

PredictiveRange prior_predictive_range(const Task& task, Index num_simulations, std::uint64_t seed) {
  if (num_simulations < 2) throw ValueError("prior_predictive_range: need at least 2 simulations, got " + std::to_string(num_simulations));
  const MatrixD theta = task.sample_prior(num_simulations, derive_seed(seed, streams::kRangePriorDraws));
  const MatrixD x = task.simulate(theta, derive_seed(seed, streams::kRangeSimulations));
  const Index d = x.cols();
  PredictiveRange r;
  r.min = RowVectorD::Constant(d, INFINITY);
  r.max = RowVectorD::Constant(d, -INFINITY);
  RowVectorD sum = RowVectorD::Zero(d), sum2 = RowVectorD::Zero(d);
  for (Index i = 0; i < x.rows(); ++i) {
    if (!x.row(i).allFinite()) continue;
    ++r.used;
    r.min = r.min.cwiseMin(x.row(i));
    r.max = r.max.cwiseMax(x.row(i));
    sum += x.row(i);
    sum2 += x.row(i).cwiseProduct(x.row(i));
  }
  if (r.used < 2) throw ValueError("prior_predictive_range: task '" + task.name + "' gave fewer than 2 finite simulations");
  const double n = static_cast<double>(r.used);
  const RowVectorD mean = sum / n;
  r.sd = ((sum2 / n - mean.cwiseProduct(mean)) * (n / (n - 1.0))).cwiseMax(0.0).cwiseSqrt();
  return r;
}

RowVectorD push_outside_range(RowVectorD x, const PredictiveRange& range, Rng& rng, int max_steps) {
  require_shape("push_outside_range: x", x, 1, range.sd.size());
  for (int step = 0; step < max_steps; ++step) {
    for (Index d = 0; d < x.size(); ++d) x[d] += (rng.uniform() < 0.5 ? -0.5 : 0.5) * range.sd[d];
    for (Index d = 0; d < x.size(); ++d)
      if (x[d] < range.min[d] || x[d] > range.max[d]) return x;
  }
  throw ValueError("push_outside_range: x stayed inside the prior-predictive range for " + std::to_string(max_steps) + " steps");
}

RowVectorD make_misspecified_observation(const Task& task, std::uint64_t seed, Index num_range_simulations) {
  if (task.misspecified_observation) return task.misspecified_observation(seed);
  const PredictiveRange range = prior_predictive_range(task, num_range_simulations, derive_seed(seed, streams::kMisspecifiedRange));
  Rng rng(derive_seed(seed, streams::kMisspecifiedAttempts), 0);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    MatrixD theta(1, task.theta_dim());
    task.prior->sample_one(theta.data(), rng);
    RowVectorD x(task.x_dim());
    task.simulator->simulate_one(theta.data(), x.data(), rng);
    if (x.allFinite()) return push_outside_range(x, range, rng);
  }
  throw ValueError("make_misspecified_observation: task '" + task.name + "' gave no finite simulation in 1000 tries");
}

}  // namespace sbi::sim
