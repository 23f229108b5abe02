// The field table of the calibration settings (see calibration_fields.hpp).
#include "pipelines/calibration_fields.hpp"

#include <limits>

namespace sbi::pipelines {

const FieldTable<CalibrationJobSettings>& calibration_settings_fields() {
  using C = CalibrationJobSettings;
  constexpr Index kMax = std::numeric_limits<Index>::max();
  static const FieldTable<CalibrationJobSettings> table = {
      string_field("method", &C::method, "npe, nle, nre, nre-b, nre-c or rej-abc"),
      number_field("sims", &C::sims, "training simulations", Index(0), kMax),
      number_field("runs", &C::runs, "calibration pairs (θ*, x*) from the prior", Index(1), kMax),
      number_field("num_samples", &C::num_samples, "posterior draws per calibration pair", Index(1), kMax),
      number_field("bins", &C::bins, "chi-square bins (0: about L/10, at most 20)", Index(0), kMax),
      number_field("seed", &C::seed, "random seed"),
      number_field("max_epochs", &C::max_epochs, "training epochs at most", 0, std::numeric_limits<int>::max()),
      string_field("out", &C::out, "CSV of the ranks (one row per pair)"),
      string_field("coverage_out", &C::coverage_out, "also write the coverage curve as CSV"),
      string_field("model", &C::model, "calibrate this saved model (from 'sbi train' or 'sbi run') instead of "
                   "training one"),
      string_field("simulations", &C::simulations, "calibration pairs from DIR/simulations_theta.csv and "
                   "simulations_x.csv (their first --runs rows) instead of simulating them"),
      bool_field("marginal_coverage", &C::marginal_coverage, "coverage from central marginal intervals even when "
                 "the posterior has a density (faster for NPE, whose log_prob estimates its leakage per observation)"),
  };
  return table;
}

}  // namespace sbi::pipelines
