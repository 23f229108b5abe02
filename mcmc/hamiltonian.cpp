// Batched leapfrog integration, momentum draws and the initial step-size heuristic.
#include "mcmc/hamiltonian.hpp"

#include <cmath>
#include <limits>

namespace sbi::mcmc {

void PhaseState::resize(Index n, Index dim) {
  x.setZero(n, dim);
  p.setZero(n, dim);
  grad.setZero(n, dim);
  logp.setZero(n);
}

void PhaseState::copy_row_from(const PhaseState& other, Index from, Index to) {
  x.row(to) = other.x.row(from);
  p.row(to) = other.p.row(from);
  grad.row(to) = other.grad.row(from);
  logp[to] = other.logp[from];
}

void Leapfrog::step(const std::vector<Index>& chains, PhaseState& s, const VectorD& step,
                    const MatrixD& inv_mass) {
  if (chains.empty()) return;
  const Index m = static_cast<Index>(chains.size()), dim = s.x.cols();
  reserve_rows(batch_, m, dim);
  reserve_rows(batch_grad_, m, dim);
  reserve_rows(batch_logp_, m);
  for (Index k = 0; k < m; ++k) {
    const Index c = chains[k];
    const double eps = step[c];
    s.p.row(c) += 0.5 * eps * s.grad.row(c);
    s.x.row(c) += eps * inv_mass.row(c).cwiseProduct(s.p.row(c));
    batch_.row(k) = s.x.row(c);
  }
  eval_.value_and_grad(batch_.topRows(m), batch_logp_.head(m), batch_grad_.topRows(m));
  for (Index k = 0; k < m; ++k) {
    const Index c = chains[k];
    s.logp[c] = batch_logp_[k];
    s.grad.row(c) = batch_grad_.row(k);
    s.p.row(c) += 0.5 * step[c] * s.grad.row(c);
  }
}

double kinetic_energy(const PhaseState& s, const MatrixD& inv_mass, Index c) {
  return 0.5 * (s.p.row(c).array().square() * inv_mass.row(c).array()).sum();
}

void draw_momentum(PhaseState& s, const MatrixD& inv_mass, Index c, Rng& rng) {
  for (Index d = 0; d < s.p.cols(); ++d) s.p(c, d) = rng.normal() / std::sqrt(inv_mass(c, d));
}

void find_reasonable_step(Leapfrog& leapfrog, const PhaseState& s, const MatrixD& inv_mass,
                          std::vector<Rng>& rngs, VectorD& step, StepSearchScratch& scratch) {
  const Index n = s.x.rows();
  PhaseState& start = scratch.start;
  PhaseState& trial = scratch.trial;
  VectorD& h0 = scratch.h0;
  VectorD& direction = scratch.direction;
  std::vector<Index>& active = scratch.active;
  std::vector<Index>& next = scratch.next;
  start = s;  // same sizes after the first call: copies without allocating
  h0.resize(n);
  direction.resize(n);
  for (Index c = 0; c < n; ++c) {
    draw_momentum(start, inv_mass, c, rngs[c]);
    h0[c] = -start.logp[c] + kinetic_energy(start, inv_mass, c);
  }
  active.resize(static_cast<std::size_t>(n));
  for (Index c = 0; c < n; ++c) active[c] = c;
  next.reserve(static_cast<std::size_t>(n));
  trial = start;
  auto log_accept = [&](Index c) {
    const double h = -trial.logp[c] + kinetic_energy(trial, inv_mass, c);
    return std::isfinite(h) ? h0[c] - h : -std::numeric_limits<double>::infinity();
  };
  leapfrog.step(active, trial, step, inv_mass);
  for (Index c = 0; c < n; ++c) direction[c] = log_accept(c) > std::log(0.5) ? 1.0 : -1.0;
  for (int round = 0; round < 50 && !active.empty(); ++round) {
    next.clear();
    for (Index c : active) {
      // Keep going while a^dir > 2^−dir, i.e. dir·log a > −dir·log 2.
      if (direction[c] * log_accept(c) > -direction[c] * std::log(2.0)) {
        step[c] *= std::pow(2.0, direction[c]);
        trial.copy_row_from(start, c, c);
        next.push_back(c);
      }
    }
    active.swap(next);
    leapfrog.step(active, trial, step, inv_mass);
  }
  for (Index c = 0; c < n; ++c)
    if (!std::isfinite(step[c]) || step[c] <= 0) step[c] = 1e-3;
}

}  // namespace sbi::mcmc
