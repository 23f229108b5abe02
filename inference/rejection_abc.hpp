// Rejection ABC (Pritchard et al. 1999): keep the simulations closest to the observation.
//   distance d(x, x_o) = ‖(x - x_o) / s‖₂ with s the per-dimension sd of the simulations
//   (or a task's own distance); accept the `quantile` fraction (or the `num_accept`) nearest,
//   or every θ with d ≤ ε.
// The GBI variant accepts θ_i with probability exp(-β·d(x_i, x_o)) (the ABC baseline of the
// ACE paper). The accepted θ form an empirical posterior; sampling resamples them.
#pragma once
#include <functional>

#include "inference/posterior.hpp"
#include "inference/simulation_data.hpp"

namespace sbi::inference {

using DistanceFn = std::function<VectorD(const MatrixD& x, const RowVectorD& x_o)>;

struct RejectionAbcSettings {
  Index num_accept = 100;      // keep the nearest num_accept (used when epsilon < 0)
  double epsilon = -1.0;       // when ≥ 0: keep every θ with d ≤ epsilon
  DistanceFn distance;         // default: z-scored Euclidean distance
};

// An empirical posterior: a weighted set of θ, sampled by multinomial resampling.
class EmpiricalPosterior : public Posterior {
 public:
  EmpiricalPosterior(MatrixD theta, VectorD weights, std::string description);
  Index dim() const override { return theta_.cols(); }
  std::string describe() const override { return description_; }
  MatrixD sample(Index n, std::uint64_t seed) const override;
  const MatrixD& atoms() const { return theta_; }
  const VectorD& weights() const { return weights_; }

 private:
  MatrixD theta_;
  VectorD weights_;
  std::string description_;
};

class RejectionAbc {
 public:
  explicit RejectionAbc(const SimulationData& data) : data_(data) {}
  EmpiricalPosterior posterior(const RowVectorD& x_o, const RejectionAbcSettings& options = {}) const;
  // GBI-ABC: accept θ_i with probability exp(-β·d(x_i, x_o)) using the given distance.
  EmpiricalPosterior gbi_posterior(const RowVectorD& x_o, double beta, const DistanceFn& distance,
                                   std::uint64_t seed) const;

 private:
  const SimulationData& data_;
};

}  // namespace sbi::inference
