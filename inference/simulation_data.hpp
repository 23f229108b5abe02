// The simulations an inference method learns from: pairs (θ_i, x_i), appended in rounds.
//
// append() validates before it stores anything: θ of the wrong width, θ outside the prior's
// support, or x of the wrong width is an error naming the offending row; rows whose x has a
// NaN or inf are dropped and counted (simulators may legitimately fail), never stored.
#pragma once
#include <string>

#include "core/tensor.hpp"
#include "simulators/prior.hpp"

namespace sbi::inference {

class SimulationData {
 public:
  SimulationData() = default;
  // x_dim < 0: taken from the first append.
  SimulationData(sim::PriorPtr prior, Index x_dim = -1);

  // Returns the number of rows dropped because x was not finite.
  Index append(const MatrixD& theta, const MatrixD& x);

  Index size() const { return theta_.rows(); }
  Index theta_dim() const { return theta_.cols(); }
  Index x_dim() const { return x_dim_; }
  const MatrixD& theta() const { return theta_; }
  const MatrixD& x() const { return x_; }
  Index dropped_nonfinite() const { return dropped_; }
  const sim::PriorPtr& prior() const { return prior_; }

 private:
  sim::PriorPtr prior_;
  Index x_dim_ = -1;
  MatrixD theta_, x_;
  Index dropped_ = 0;
};

}  // namespace sbi::inference
