// build_estimator: the factory from an EstimatorSettings to a Flow (maf, nsf, nsf_ar) or an
// MDN, with weights initialised from Rng(config.seed) (declared in density_estimator.hpp).
#include "flows/density_estimator.hpp"
#include "flows/flow.hpp"
#include "flows/mdn.hpp"

namespace sbi::flows {

std::unique_ptr<ConditionalDensityEstimator> build_estimator(const EstimatorSettings& config) {
  config.validate();
  Rng rng(config.seed, 0);
  if (config.kind == "mdn") return std::make_unique<MDN>(config, rng);
  return std::make_unique<Flow>(config, rng);
}

}  // namespace sbi::flows
