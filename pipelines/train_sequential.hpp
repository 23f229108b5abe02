// `sbi train --method snpe-c|snpe-b|snle|snre|snre-c --observation FILE`: the multi-round driver
// (inference/sequential.hpp) for one observation x_o, the budget split evenly over the rounds,
// then the last round's network saved as the model file of its one-round method (npe, nle or
// nre), so that `sbi sample` draws from it (most accurately near x_o, where the rounds focused).
#pragma once
#include <cstdint>
#include <string>

#include "core/device.hpp"
#include "mcmc/options.hpp"
#include "pipelines/train_method.hpp"

namespace sbi::pipelines {

struct SequentialTrainSettings {
  std::string method = "snpe-c";
  std::string estimator = "maf";
  inference::ThetaSpace theta_space = inference::ThetaSpace::constrained;
  Index sims = 10000;  // the whole budget, over all rounds
  int rounds = 10;     // sbibm's protocol
  Index atoms = 10;    // snpe-c
  std::uint64_t seed = 0;
  TrainingOverrides training;
  mcmc::SamplerKind sampler = mcmc::SamplerKind::Slice;  // snle, snre: the proposals' sampler
  std::string out;     // the model file
  Device device = Device::Cpu;     // --device: cuda is refused here today (pipelines/device_backend.hpp)
};

// Runs the rounds and writes settings.out; SettingsError for a bad budget or round count.
void train_sequential_and_save(const SequentialTrainSettings& settings, const sim::Task& task, const RowVectorD& x_o,
                               const Log& log);

}  // namespace sbi::pipelines
