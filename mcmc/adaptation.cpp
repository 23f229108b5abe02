// Dual-averaging step size, Welford variance and Stan's warm-up windows (see adaptation.hpp).
#include "mcmc/adaptation.hpp"

#include <cmath>

namespace sbi::mcmc {

namespace {
constexpr double kGamma = 0.05, kT0 = 10.0, kKappa = 0.75;
}

DualAveraging::DualAveraging(double initial_step, double target) : target_(target) {
  restart(initial_step);
}

void DualAveraging::restart(double initial_step) {
  mu_ = std::log(10.0 * initial_step);
  h_bar_ = 0.0;
  log_step_bar_ = 0.0;
  count_ = 0.0;
  step_ = initial_step;
}

double DualAveraging::update(double accept_stat) {
  if (!std::isfinite(accept_stat)) accept_stat = 0.0;
  accept_stat = std::min(1.0, std::max(0.0, accept_stat));
  count_ += 1.0;
  const double eta = 1.0 / (count_ + kT0);
  h_bar_ = (1.0 - eta) * h_bar_ + eta * (target_ - accept_stat);
  const double log_step = mu_ - std::sqrt(count_) / kGamma * h_bar_;
  const double weight = std::pow(count_, -kKappa);
  log_step_bar_ = weight * log_step + (1.0 - weight) * log_step_bar_;
  step_ = std::exp(log_step);
  return step_;
}

double DualAveraging::final_step() const {
  return count_ > 0 ? std::exp(log_step_bar_) : step_;
}

void WelfordVariance::reset(Index dim) {
  n_ = 0;
  mean_.setZero(dim);
  m2_.setZero(dim);
  c2_.setZero(dim, dim);
  delta_.setZero(dim);
  delta2_.setZero(dim);
}

void WelfordVariance::add(const Eigen::Ref<const RowVectorD>& x) {
  ++n_;
  delta_ = x.transpose() - mean_;
  mean_ += delta_ / static_cast<double>(n_);
  delta2_ = x.transpose() - mean_;
  m2_ += delta_.cwiseProduct(delta2_);
  c2_.noalias() += delta_ * delta2_.transpose();
}

void WelfordVariance::regularized_variance_into(Eigen::Ref<RowVectorD> out) const {
  const double n = static_cast<double>(n_);
  if (n_ < 2) {
    out.setConstant(n / (n + 5.0) + 1e-3 * (5.0 / (n + 5.0)));  // var taken as 1
    return;
  }
  out = ((n / (n + 5.0)) * (m2_ / (n - 1.0)).array() + 1e-3 * (5.0 / (n + 5.0))).transpose();
}

MatrixD WelfordVariance::covariance() const {
  MatrixD out(mean_.size(), mean_.size());
  covariance_into(out);
  return out;
}

void WelfordVariance::covariance_into(MatrixD& out) const {
  if (n_ < 2) out.setIdentity();
  else out = c2_ / static_cast<double>(n_ - 1);
}

WarmupWindows::WarmupWindows(Index warmup, bool adapt_mass) {
  if (!adapt_mass || warmup < 20) return;
  Index init = 75, term = 50, base = 25;
  if (init + term + base > warmup) {
    init = static_cast<Index>(0.15 * warmup);
    term = static_cast<Index>(0.1 * warmup);
    base = warmup - init - term;
  }
  slow_begin_ = init;
  slow_end_ = warmup - term;
  Index start = init, size = base;
  while (start < slow_end_) {
    Index end = start + size;                      // exclusive
    if (end + 2 * size > slow_end_) end = slow_end_;  // stretch the last window
    window_ends_.push_back(end - 1);
    start = end;
    size *= 2;
  }
}

bool WarmupWindows::in_slow_window(Index step) const {
  return step >= slow_begin_ && step < slow_end_;
}

bool WarmupWindows::window_ends(Index step) const {
  for (Index e : window_ends_)
    if (e == step) return true;
  return false;
}

}  // namespace sbi::mcmc
