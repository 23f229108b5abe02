// A trained ACE cost network evaluated at given θ and observations (see ace_costs.hpp).
#include "pipelines/ace_costs.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "pipelines/ace_files.hpp"
#include "pipelines/job.hpp"
#include "pipelines/model_inputs.hpp"

namespace sbi::pipelines {

AceCostResult evaluate_ace_costs(const AceCostSettings& s) {
  const double lambda = s.ace_disagreement;
  if (!(lambda >= 0) || !std::isfinite(lambda)) throw SettingsError("--ace-disagreement must be a number ≥ 0");
  const ModelFiles models = open_model_files(s.models);
  if (models.info.kind != "ace")
    throw SettingsError("'" + models.files.front() + "' holds a '" + models.info.kind +
                        "' model; sbi cost evaluates ACE models");
  const inference::AceEnsemble ensemble = load_ace_files(models.files, models.first, models.task, lambda);
  const MatrixD theta = read_cost_parameters(s.theta, models.task);
  const MatrixD obs = read_observation_rows(s.observation, models.task);
  require_finite("sbi cost: observation", obs);
  write_ace_costs(ensemble, theta, obs, lambda, s.out);
  return {theta.rows() * obs.rows(), static_cast<Index>(ensemble.size())};
}

}  // namespace sbi::pipelines
