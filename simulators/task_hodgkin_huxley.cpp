// hodgkin_huxley (TASKS.md): the Pospischil-type single-compartment model on the synthetic step
// protocol with Allen timing (72,500 steps of 0.02 ms), θ ∈ R⁸ with a uniform prior, x = the 7
// summary statistics. Distance for ACE: MAE of statistics z-scored by their sd over the
// training simulations ("mae_zscored": the scales come from the simulations, so the task
// names the distance and the inference side builds it). No reference posterior.
//
// hodgkin_huxley_lf: its low-fidelity partner for multifidelity NPE: the same model, prior and
// statistics on the same protocol with a 5× coarser step (dt = 0.1 ms, 14,500 steps, the
// current averaged over each block of 5 samples: HHProtocol::coarsened). About 5× cheaper;
// spikes, which last about 1 ms, are resolved by 10 samples instead of 50, so spike timing,
// spike shape and with them the higher moments of the voltage are biased.
// hodgkin_huxley_lf_coarse: the same at dt = 0.2 ms (stride 10), about 10× cheaper. Spikes are
// resolved by 5 samples; over prior draws the statistics still correlate with the HF ones at
// ≥ 0.98, and the spike count (with the peak rule's lookback, hodgkin_huxley_stats.hpp) at 1.00.
// Coarser still, the integration itself loses spikes (dt 0.4 ms: spike-count r ≈ 0.91, 83% of
// the HF count).
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

Task make_hodgkin_huxley_lf_task() {
  Task t = make_hodgkin_huxley_task(HHProtocol::step().coarsened(kHodgkinHuxleyLowFidelityStride));
  t.name = "hodgkin_huxley_lf";
  t.description = "Hodgkin-Huxley low fidelity: dt 0.1 ms instead of 0.02 ms";
  return t;
}

Task make_hodgkin_huxley_lf_coarse_task() {
  Task t = make_hodgkin_huxley_task(HHProtocol::step().coarsened(kHodgkinHuxleyCoarseLowFidelityStride));
  t.name = "hodgkin_huxley_lf_coarse";
  t.description = "Hodgkin-Huxley low fidelity: dt 0.2 ms instead of 0.02 ms";
  return t;
}

}  // namespace sbi::sim
