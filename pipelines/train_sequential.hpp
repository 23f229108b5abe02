// `sbi train --method snpe-c|snpe-b|snle|snre|snre-b|snre-c --observation FILE`: the multi-round driver
// (sequential/sequential.hpp) for one observation x_o, the budget split evenly over the rounds,
// then the last round's network saved as the model file of its one-round method (npe, nle or
// nre), so that `sbi sample` draws from it (most accurately near x_o, where the rounds focused).
#pragma once
#include <cstdint>
#include <string>

#include "core/device.hpp"
#include "pipelines/sequential_options.hpp"

namespace sbi::pipelines {

struct SequentialTrainSettings {
  SequentialJobSettings rounds;  // method, estimator, rounds, atoms, seed, training flags, sampler
  Index sims = 10000;            // the whole budget, over all rounds
  std::string out;               // the model file
  Device device = Device::Cpu;   // --device: cuda is refused here today (pipelines/device_backend.hpp)
};

// Runs the rounds and writes settings.out; SettingsError for a bad budget or round count.
void train_sequential_and_save(const SequentialTrainSettings& settings, const sim::Task& task, const RowVectorD& x_o,
                               const Log& log);

}  // namespace sbi::pipelines
