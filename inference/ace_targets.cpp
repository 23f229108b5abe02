// The ACE target set (see ace_targets.hpp).
#include "inference/ace_targets.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/rng.hpp"

namespace sbi::inference {

TargetSet build_target_set(const MatrixD& simulations, const MatrixD& observations,
                           const TargetSetSettings& options, std::uint64_t seed) {
  if (simulations.rows() < 2) throw ValueError("ACE target set: need at least 2 simulations");
  if (observations.rows() > 0 && observations.cols() != simulations.cols())
    throw ShapeError("ACE target set: observations have " + std::to_string(observations.cols()) +
                     " columns, simulations " + std::to_string(simulations.cols()));
  const Index n = simulations.rows(), dim = simulations.cols();
  const RowVectorD mean = simulations.colwise().mean();
  const RowVectorD sd =
      ((simulations.rowwise() - mean).array().square().colwise().sum() / double(n - 1)).sqrt();
  TargetSet set;
  set.num_simulated = n;
  set.num_noise = options.num_noise;
  set.num_observed = observations.rows();
  set.x.resize(n + options.num_noise + observations.rows(), dim);
  set.x.topRows(n) = simulations;
  for (Index k = 0; k < options.num_noise; ++k) {
    Rng rng(seed, static_cast<std::uint64_t>(k));
    const Index source = rng.uniform_int(0, n - 1);
    for (Index d = 0; d < dim; ++d)
      set.x(n + k, d) = simulations(source, d) + rng.normal(0.0, options.noise_scale * sd(d));
  }
  if (observations.rows() > 0) set.x.bottomRows(observations.rows()) = observations;
  return set;
}

}  // namespace sbi::inference
