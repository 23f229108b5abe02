// Vectorised slice sampler: per-chain step-out/shrink with batched density calls.
#include "mcmc/slice.hpp"

#include <cmath>
#include <vector>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "mcmc/init.hpp"

namespace sbi::mcmc {

namespace {

// Per-chain bookkeeping for the coordinate currently being updated.
struct Bracket {
  Index d = 0;
  double x0 = 0, log_y = 0, left = 0, right = 0, proposal = 0;
  Index steps_left = 0, steps_right = 0;
};

// Rows of `x` with coordinate d of each listed chain replaced by `value(chain)`, in one batch.
template <class ValueFn>
void build_batch(const MatrixD& x, const std::vector<Index>& chains,
                 const std::vector<Bracket>& br, ValueFn value, MatrixD& batch, Index offset) {
  for (std::size_t k = 0; k < chains.size(); ++k) {
    const Index c = chains[k];
    batch.row(offset + static_cast<Index>(k)) = x.row(c);
    batch(offset + static_cast<Index>(k), br[c].d) = value(c);
  }
}

}  // namespace

McmcResult slice_sample(const LogDensity& density, const MatrixD& init, const McmcRunSettings& options,
                        const SliceSettings& slice) {
  options.validate();
  if (!(slice.initial_width > 0) || slice.max_step_out < 1 || slice.warmup_max_step_out < 1 ||
      slice.max_shrink < 1)
    throw ValueError("slice_sample: need initial_width > 0 and max_step_out, "
                     "warmup_max_step_out, max_shrink >= 1; got width " +
                     std::to_string(slice.initial_width));
  DensityEvaluator eval(density);
  const Index n = options.num_chains, dim = density.dim;
  VectorD logp = check_initial_points(eval, init, n);
  MatrixD x = init;
  MatrixD width = MatrixD::Constant(n, dim, slice.initial_width);

  std::vector<Rng> rngs;
  std::vector<std::vector<std::int64_t>> order(n);
  for (Index c = 0; c < n; ++c) {
    rngs.emplace_back(options.seed, options.stream_of(c));
    order[c].resize(dim);
    for (Index d = 0; d < dim; ++d) order[c][d] = d;
  }

  McmcResult result;
  result.allocate("slice", n, options.draws_per_chain(), dim);
  std::vector<Bracket> br(n);
  // Buffers sized once for the largest batch (both ends of every chain): no allocation below.
  std::vector<Index> left_active, right_active, active, next;
  for (auto* v : {&left_active, &right_active, &active, &next}) v->reserve(n);
  MatrixD batch(2 * n, dim);
  VectorD batch_logp(2 * n);

  for (Index step = 0; step < options.total_steps(); ++step) {
    if (options.on_step) options.on_step(step, options.total_steps());
    const bool warmup = step < options.warmup_steps;
    const Index m = warmup ? slice.warmup_max_step_out : slice.max_step_out;
    for (Index c = 0; c < n; ++c) rngs[c].shuffle(order[c]);
    for (Index k = 0; k < dim; ++k) {
      // Slice height and initial bracket of every chain.
      left_active.clear();
      right_active.clear();
      for (Index c = 0; c < n; ++c) {
        Rng& rng = rngs[c];
        Bracket& b = br[c];
        b.d = order[c][k];
        b.x0 = x(c, b.d);
        b.log_y = logp[c] - rng.exponential(1.0);
        const double w = width(c, b.d);
        b.left = b.x0 - w * rng.uniform();
        b.right = b.left + w;
        b.steps_left = static_cast<Index>(std::floor(static_cast<double>(m) * rng.uniform()));
        b.steps_right = m - 1 - b.steps_left;
        if (b.steps_left > 0) left_active.push_back(c);
        if (b.steps_right > 0) right_active.push_back(c);
      }
      // Step out: one batched call per round for both ends of every active chain.
      while (!left_active.empty() || !right_active.empty()) {
        const Index nl = static_cast<Index>(left_active.size());
        const Index nr = static_cast<Index>(right_active.size());
        build_batch(x, left_active, br, [&](Index c) { return br[c].left; }, batch, 0);
        build_batch(x, right_active, br, [&](Index c) { return br[c].right; }, batch, nl);
        eval.value(batch.topRows(nl + nr), batch_logp.head(nl + nr));
        next.clear();
        for (Index j = 0; j < nl; ++j) {
          Bracket& b = br[left_active[j]];
          if (batch_logp[j] > b.log_y) {
            b.left -= width(left_active[j], b.d);
            if (--b.steps_left > 0) next.push_back(left_active[j]);
          }
        }
        left_active.swap(next);
        next.clear();
        for (Index j = 0; j < nr; ++j) {
          Bracket& b = br[right_active[j]];
          if (batch_logp[nl + j] > b.log_y) {
            b.right += width(right_active[j], b.d);
            if (--b.steps_right > 0) next.push_back(right_active[j]);
          }
        }
        right_active.swap(next);
      }
      if (warmup) {
        for (Index c = 0; c < n; ++c) {
          double& w = width(c, br[c].d);
          w += (br[c].right - br[c].left - w) / static_cast<double>(step + 1);
        }
      }
      // Shrink: propose uniformly in the bracket until inside the slice.
      active.resize(n);
      for (Index c = 0; c < n; ++c) active[c] = c;
      for (Index round = 0; round < slice.max_shrink && !active.empty(); ++round) {
        const Index na = static_cast<Index>(active.size());
        for (Index c : active)
          br[c].proposal = br[c].left + (br[c].right - br[c].left) * rngs[c].uniform();
        build_batch(x, active, br, [&](Index c) { return br[c].proposal; }, batch, 0);
        eval.value(batch.topRows(na), batch_logp.head(na));
        next.clear();
        for (Index j = 0; j < na; ++j) {
          const Index c = active[j];
          Bracket& b = br[c];
          if (batch_logp[j] > b.log_y) {
            x(c, b.d) = b.proposal;
            logp[c] = batch_logp[j];
          } else {
            if (b.proposal < b.x0) b.left = b.proposal;
            else b.right = b.proposal;
            next.push_back(c);
          }
        }
        active.swap(next);
      }
      // Chains still active after max_shrink rounds keep x_d (the bracket has collapsed).
    }
    const Index t = options.kept_draw_index(step);
    if (t >= 0)
      for (Index c = 0; c < n; ++c) result.draw(c, t) = x.row(c);
  }
  result.acceptance_rate.setOnes();
  result.step_size = width;
  result.step_size_name = "slice width";
  result.density_calls = eval.calls();
  result.density_rows = eval.rows_evaluated();
  return result;
}

}  // namespace sbi::mcmc
