// The logit map between a box [lo, hi] and the real line, one coordinate at a time: the
// unconstrained space of box-uniform priors (simulators) and of MCMC's box bijection (mcmc).
//   θ = lo + w·σ(z),  w = hi − lo;            z = log u − log(1 − u),  u = (θ − lo)/w;
//   log|dθ/dz| = log w + log σ(z) + log σ(−z);  d/dz log|dθ/dz| = 1 − 2σ(z);
//   pullback of a θ-gradient g to z (including the log-Jacobian): g·w·σ(z)·(1 − σ(z)) + 1 − 2σ(z).
#pragma once
#include <cmath>

namespace sbi::box_logit {

inline double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// log σ(z) = −log(1 + e^{−z}), without overflow.
inline double log_sigmoid(double z) {
  return z >= 0 ? -std::log1p(std::exp(-z)) : z - std::log1p(std::exp(z));
}

// z for θ strictly inside (lo, lo + width); the caller checks the support.
inline double to_unconstrained(double theta, double lo, double width) {
  const double u = (theta - lo) / width;
  return std::log(u) - std::log1p(-u);
}

inline double from_unconstrained(double z, double lo, double width) { return lo + width * sigmoid(z); }

inline double log_abs_det(double z, double width) {
  return std::log(width) + log_sigmoid(z) + log_sigmoid(-z);
}

inline double pullback(double z, double grad_theta, double width) {
  const double s = sigmoid(z);
  return grad_theta * width * s * (1.0 - s) + (1.0 - 2.0 * s);
}

}  // namespace sbi::box_logit
