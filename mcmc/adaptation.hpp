// Warm-up adaptation shared by the gradient samplers (and the Metropolis scale):
//
//  * DualAveraging (Hoffman & Gelman 2014, Alg. 5): with statistic α_m of step m,
//      H̄_m = (1 − 1/(m + t0)) H̄_{m−1} + (δ − α_m)/(m + t0),
//      log ε_m = μ − √m/γ · H̄_m,   log ε̄_m = m^−κ log ε_m + (1 − m^−κ) log ε̄_{m−1},
//    μ = log(10 ε0), γ = 0.05, t0 = 10, κ = 0.75; after warm-up ε = ε̄.
//  * WelfordVariance: running per-dimension mean and variance.
//  * WarmupWindows (Stan's schedule): an initial fast buffer (75 steps), slow windows of 25,
//    50, 100, ... steps (the last stretched to the end) in which the diagonal inverse mass
//    matrix is estimated, a terminal fast buffer (50 steps); for short warm-ups the buffers
//    become 15% / 75% / 10% of the warm-up. At the end of each slow window the inverse mass is
//    set to the regularised variance  n/(n+5)·var + 1e-3·5/(n+5)  and ε is re-initialised.
#pragma once
#include <vector>

#include "core/tensor.hpp"

namespace sbi::mcmc {

class DualAveraging {
 public:
  explicit DualAveraging(double initial_step = 0.1, double target = 0.8);
  void restart(double initial_step);
  // Feeds the acceptance statistic of one step and returns the step size to use next.
  double update(double accept_stat);
  double step() const { return step_; }
  // The averaged step size ε̄ to use after warm-up.
  double final_step() const;

 private:
  double target_, mu_ = 0, h_bar_ = 0, log_step_bar_ = 0, step_ = 0.1;
  double count_ = 0;
};

class WelfordVariance {
 public:
  explicit WelfordVariance(Index dim = 0) { reset(dim); }
  void reset(Index dim);
  void add(const Eigen::Ref<const RowVectorD>& x);
  Index count() const { return n_; }
  // Stan's regularised estimate n/(n+5)·var + 1e-3·5/(n+5) (var: the sample variance with the
  // n − 1 denominator, taken as 1 below two draws), written into `out` (dim entries) without
  // allocating.
  void regularized_variance_into(Eigen::Ref<RowVectorD> out) const;
  const VectorD& mean() const { return mean_; }
  MatrixD covariance() const;  // full covariance, tracked too
  void covariance_into(MatrixD& out) const;  // out must be dim × dim; no allocation

 private:
  Index n_ = 0;
  VectorD mean_, m2_;
  MatrixD c2_;
  VectorD delta_, delta2_;  // scratch of add()
};

class WarmupWindows {
 public:
  WarmupWindows(Index warmup_steps, bool adapt_mass);
  // Whether step `step` (0-based) collects draws for the mass matrix.
  bool in_slow_window(Index step) const;
  // Whether the mass matrix is updated after step `step`.
  bool window_ends(Index step) const;

 private:
  std::vector<Index> window_ends_;  // inclusive last step of each slow window
  Index slow_begin_ = 0, slow_end_ = 0;  // [begin, end)
};

}  // namespace sbi::mcmc
