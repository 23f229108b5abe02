// Batched multinomial NUTS: per-chain trees built iteratively, one gradient call per tick.
#include "mcmc/nuts.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include "core/errors.hpp"
#include "mcmc/gradient_warmup.hpp"

namespace sbi::mcmc {

namespace {

constexpr double kMaxEnergyError = 1000.0;
constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

double log_add_exp(double a, double b) {
  if (a == kMinusInf) return b;
  if (b == kMinusInf) return a;
  const double m = std::max(a, b);
  return m + std::log(std::exp(a - m) + std::exp(b - m));
}

// Per-chain bookkeeping of the trajectory being built.
struct Tree {
  bool done = true;
  Index depth = 0;          // depth of the subtree being built (it has 2^depth leaves)
  Index leaf = 0;           // leaves of the current subtree done so far
  double direction = 1.0;
  double h0 = 0.0;
  double log_sum_w = 0.0, sub_log_sum_w = kMinusInf;
  double accept_sum = 0.0;
  Index leaves = 0;
  bool divergent = false;
  RowVectorD rho, sub_rho;  // momentum sums of the whole trajectory / current subtree
  MatrixD block_start_p;    // row i: first momentum of the current aligned block of 2^i leaves
  MatrixD block_start_rho;  // row i: sub_rho before that block's first leaf
  MatrixD block_end_p;      // row i: last momentum of the latest finished block of 2^i leaves

  // A new trajectory made of the single point with momentum p0 and energy h.
  void start(const Eigen::Ref<const RowVectorD>& p0, double h) {
    done = false;
    depth = leaf = leaves = 0;
    direction = 1.0;
    h0 = h;
    log_sum_w = 0.0;  // the starting point has weight exp(h0 − h0) = 1
    sub_log_sum_w = kMinusInf;
    accept_sum = 0.0;
    divergent = false;
    rho = p0;
    sub_rho.setZero();
  }
};

// U-turn criterion on a span with end momenta p_a, p_b and momentum sum rho.
bool turning(const Eigen::Ref<const RowVectorD>& p_a, const Eigen::Ref<const RowVectorD>& p_b,
             const Eigen::Ref<const RowVectorD>& rho, const Eigen::Ref<const RowVectorD>& inv_m) {
  return rho.cwiseProduct(inv_m).dot(p_a) <= 0.0 || rho.cwiseProduct(inv_m).dot(p_b) <= 0.0;
}

}  // namespace

McmcResult nuts_sample(const LogDensity& density, const MatrixD& init, const McmcRunSettings& options,
                       const NutsSettings& nuts) {
  options.validate();
  if (nuts.max_tree_depth < 1 || nuts.max_tree_depth > 30 || !(nuts.initial_step > 0) ||
      !(nuts.target_accept > 0 && nuts.target_accept < 1))
    throw ValueError("nuts_sample: need 1 <= max_tree_depth <= 30, initial_step > 0, 0 < "
                     "target_accept < 1; got " + std::to_string(nuts.max_tree_depth) + ", " +
                     std::to_string(nuts.initial_step) + ", " + std::to_string(nuts.target_accept));
  DensityEvaluator eval(density);
  const Index n = options.num_chains, dim = density.dim;
  PhaseState state = start_gradient_chains("nuts_sample", eval, init, n);
  std::vector<Rng> rngs = chain_streams(options);
  GradientWarmup adapt(n, dim, nuts.initial_step, nuts.target_accept, options.warmup_steps,
                       nuts.adapt_step, nuts.adapt_mass);
  const MatrixD& inv_mass = adapt.inv_mass;
  const VectorD& step = adapt.step;
  VectorD signed_step(n);
  Leapfrog leapfrog(eval);
  adapt.start(leapfrog, state, rngs);

  std::vector<Tree> trees(n);
  for (Tree& t : trees) {
    t.rho.setZero(dim);
    t.sub_rho.setZero(dim);
    t.block_start_p.setZero(nuts.max_tree_depth + 1, dim);
    t.block_start_rho.setZero(nuts.max_tree_depth + 1, dim);
    t.block_end_p.setZero(nuts.max_tree_depth + 1, dim);
  }
  // left/right: trajectory ends; edge: the end being extended; proposal / sub_proposal: the
  // trajectory's and the current subtree's candidates (only x, logp, grad are used).
  PhaseState left = state, right = state, edge = state, proposal = state, sub_proposal = state;

  McmcResult result;
  result.allocate("nuts", n, options.draws_per_chain(), dim);
  result.mean_tree_depth.setZero(n);
  std::vector<Index> active;
  active.reserve(n);
  // Momentum sums and end points of the U-turn checks, allocated once.
  RowVectorD rho(dim), rho_a(dim), rho_b(dim), span(dim), near_p(dim);
  for (Index it = 0; it < options.total_steps(); ++it) {
    if (options.on_step) options.on_step(it, options.total_steps());
    const bool warmup = it < options.warmup_steps;
    // Start a trajectory at the current state of every chain.
    for (Index c = 0; c < n; ++c) {
      Tree& t = trees[c];
      draw_momentum(state, inv_mass, c, rngs[c]);
      t.start(state.p.row(c), -state.logp[c] + kinetic_energy(state, inv_mass, c));
      left.copy_row_from(state, c, c);
      right.copy_row_from(state, c, c);
      proposal.copy_row_from(state, c, c);
    }
    Index remaining = n;
    while (remaining > 0) {
      active.clear();
      for (Index c = 0; c < n; ++c) {
        Tree& t = trees[c];
        if (t.done) continue;
        if (t.leaf == 0) {  // a new subtree: pick its direction and start from that end
          t.direction = rngs[c].bernoulli(0.5) ? 1.0 : -1.0;
          edge.copy_row_from(t.direction > 0 ? right : left, c, c);
          t.sub_log_sum_w = kMinusInf;
          t.sub_rho.setZero();
        }
        signed_step[c] = t.direction * step[c];
        active.push_back(c);
      }
      leapfrog.step(active, edge, signed_step, inv_mass);  // one batched gradient call
      for (Index c : active) {
        Tree& t = trees[c];
        const double h = -edge.logp[c] + kinetic_energy(edge, inv_mass, c);
        bool stop = false;
        if (!std::isfinite(h) || h - t.h0 > kMaxEnergyError) {
          t.divergent = true;
          ++t.leaves;  // contributes acceptance 0
          stop = true;  // discard the subtree
        } else {
          const double log_w = t.h0 - h;
          t.accept_sum += std::min(1.0, std::exp(log_w));
          ++t.leaves;
          t.sub_log_sum_w = log_add_exp(t.sub_log_sum_w, log_w);
          if (rngs[c].uniform() < std::exp(log_w - t.sub_log_sum_w))
            sub_proposal.copy_row_from(edge, c, c);
          // Aligned blocks of 2^i leaves that start at this leaf (level 0: the leaf itself).
          for (Index i = 0; i <= t.depth; ++i)
            if (t.leaf % (Index{1} << i) == 0) {
              t.block_start_p.row(i) = edge.p.row(c);
              t.block_start_rho.row(i) = t.sub_rho;
            }
          t.sub_rho += edge.p.row(c);
          // Aligned blocks that end at this leaf: U-turn checks on the block and, as in Stan,
          // across the junction of its two halves A and B.
          const auto inv_m = inv_mass.row(c);
          for (Index i = 1; i <= t.depth && !stop; ++i) {
            if ((t.leaf + 1) % (Index{1} << i) != 0) continue;
            rho = t.sub_rho - t.block_start_rho.row(i);
            rho_a = t.block_start_rho.row(i - 1) - t.block_start_rho.row(i);
            rho_b = t.sub_rho - t.block_start_rho.row(i - 1);
            const auto a_begin = t.block_start_p.row(i), b_begin = t.block_start_p.row(i - 1);
            const auto a_end = t.block_end_p.row(i - 1), b_end = edge.p.row(c);
            stop = turning(a_begin, b_end, rho, inv_m);
            if (!stop) {
              span = rho_a + b_begin;
              stop = turning(a_begin, b_begin, span, inv_m);
            }
            if (!stop) {
              span = rho_b + a_end;
              stop = turning(a_end, b_end, span, inv_m);
            }
          }
          for (Index i = 0; i <= t.depth; ++i)
            if ((t.leaf + 1) % (Index{1} << i) == 0) t.block_end_p.row(i) = edge.p.row(c);
          ++t.leaf;
          if (!stop && t.leaf == (Index{1} << t.depth)) {
            // The subtree is complete and valid: merge it into the trajectory.
            if (rngs[c].uniform() < std::exp(t.sub_log_sum_w - t.log_sum_w))
              proposal.copy_row_from(sub_proposal, c, c);
            t.log_sum_w = log_add_exp(t.log_sum_w, t.sub_log_sum_w);
            // Junction checks between the old trajectory T and the new subtree S: T's far end
            // with S's first leaf, and T's near end with S's last leaf.
            PhaseState& near = t.direction > 0 ? right : left;
            const PhaseState& far = t.direction > 0 ? left : right;
            near_p = near.p.row(c);
            const auto s_first = t.block_start_p.row(t.depth), s_last = edge.p.row(c);
            span = t.rho + s_first;
            stop = turning(far.p.row(c), s_first, span, inv_m);
            if (!stop) {
              span = t.sub_rho + near_p;
              stop = turning(near_p, s_last, span, inv_m);
            }
            near.copy_row_from(edge, c, c);
            t.rho += t.sub_rho;
            ++t.depth;
            t.leaf = 0;
            stop = stop || turning(left.p.row(c), right.p.row(c), t.rho, inv_m) ||
                   t.depth >= nuts.max_tree_depth;
          }
        }
        if (stop) {
          t.done = true;
          --remaining;
        }
      }
    }
    // The trajectories are complete: move to the proposals and adapt.
    for (Index c = 0; c < n; ++c) {
      const Tree& t = trees[c];
      state.x.row(c) = proposal.x.row(c);
      state.logp[c] = proposal.logp[c];
      state.grad.row(c) = proposal.grad.row(c);
      const double accept_stat = t.leaves > 0 ? t.accept_sum / static_cast<double>(t.leaves) : 0;
      if (!warmup) {
        result.acceptance_rate[c] += accept_stat;
        result.mean_tree_depth[c] += static_cast<double>(t.depth);
        if (t.divergent) result.divergences[c] += 1.0;
        continue;
      }
      adapt.observe(it, c, accept_stat, state);
    }
    adapt.end_step(it, leapfrog, state, rngs);
    const Index kept = options.kept_draw_index(it);
    if (kept >= 0)
      for (Index c = 0; c < n; ++c) result.draw(c, kept) = state.x.row(c);
  }
  const double steps = static_cast<double>(std::max<Index>(1, options.sampling_steps()));
  result.acceptance_rate /= steps;
  result.mean_tree_depth /= steps;
  result.step_size = step;
  result.step_size_name = "leapfrog step";
  result.density_calls = eval.calls();
  result.density_rows = eval.rows_evaluated();
  return result;
}

}  // namespace sbi::mcmc
