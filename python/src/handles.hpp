// The engine objects Python holds: shared handles, so a posterior keeps its trained network and
// prior alive for as long as Python refers to it.
#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "inference/posterior.hpp"
#include "simulators/prior.hpp"
#include "simulators/task.hpp"

namespace sbi::py {

struct PriorHandle {
  sim::PriorPtr prior;
};

struct TaskHandle {
  std::shared_ptr<const sim::Task> task;
};

// One sample() at a time per posterior: an MCMC posterior keeps its last run's chains.
struct PosteriorHandle {
  std::shared_ptr<inference::Posterior> posterior;
  std::shared_ptr<std::mutex> busy = std::make_shared<std::mutex>();
};

}  // namespace sbi::py
