// hodgkin_huxley (TASKS.md): the Pospischil-type single-compartment model on the synthetic step
// protocol with Allen timing (72,500 steps of 0.02 ms), θ ∈ R⁸ with a uniform prior, x = the 7
// summary statistics. Distance for ACE: MAE of statistics z-scored by their sd over the
// training simulations ("mae_zscored": the scales come from the simulations, so the task
// names the distance and the inference side builds it). No reference posterior.
#include <memory>

#include "simulators/hodgkin_huxley.hpp"
#include "simulators/prior_box_uniform.hpp"
#include "simulators/tasks.hpp"

namespace sbi::sim {

Task make_hodgkin_huxley_task() { return make_hodgkin_huxley_task(HHProtocol::step()); }

Task make_hodgkin_huxley_task(HHProtocol protocol) {
  Task t;
  t.name = "hodgkin_huxley";
  t.description = "Hodgkin-Huxley neuron, 7 summary statistics (ACE, z-scored MAE)";
  const auto lower = HodgkinHuxleySimulator::prior_lower(), upper = HodgkinHuxleySimulator::prior_upper();
  t.prior = std::make_shared<BoxUniformPrior>(Eigen::Map<const VectorD>(lower.data(), Index(lower.size())),
                                              Eigen::Map<const VectorD>(upper.data(), Index(upper.size())));
  t.simulator = std::make_shared<HodgkinHuxleySimulator>(std::move(protocol));
  t.parameter_names = HodgkinHuxleySimulator::parameter_names();
  t.data_names = HodgkinHuxleySimulator::statistic_names();
  t.distance_name = "mae_zscored";
  t.reference_unavailable = "Hodgkin-Huxley has no tractable likelihood; no reference posterior";
  return t;
}

}  // namespace sbi::sim
