// Reference slice sampler: one chain, one density row per call (see slice_reference.hpp).
#include "mcmc/slice_reference.hpp"

#include <cmath>
#include <vector>

#include "core/errors.hpp"
#include "core/rng.hpp"

namespace sbi::mcmc {

MatrixD slice_sample_reference_chain(const LogDensity& density, const RowVectorD& init,
                                     const McmcRunSettings& options, const SliceSettings& slice,
                                     Index chain, RowVectorD* width_out) {
  options.validate();
  DensityEvaluator eval(density);
  const Index dim = density.dim;
  require_shape("slice_sample_reference_chain init", init, 1, dim);
  MatrixD x = init;  // 1 × D
  VectorD value(1);
  auto log_density_at = [&](const MatrixD& point) {
    eval.value(point, value);
    return value[0];
  };
  double logp = log_density_at(x);
  if (!std::isfinite(logp))
    throw ValueError("slice_sample_reference_chain: start has log-density -inf or NaN");
  RowVectorD width = RowVectorD::Constant(dim, slice.initial_width);
  Rng rng(options.seed, options.stream_of(chain));
  std::vector<std::int64_t> order(dim);
  for (Index d = 0; d < dim; ++d) order[d] = d;
  MatrixD draws(options.draws_per_chain(), dim);

  for (Index step = 0; step < options.total_steps(); ++step) {
    const bool warmup = step < options.warmup_steps;
    const Index m = warmup ? slice.warmup_max_step_out : slice.max_step_out;
    rng.shuffle(order);
    for (Index k = 0; k < dim; ++k) {
      const Index d = order[k];
      const double x0 = x(0, d), w = width[d];
      const double log_y = logp - rng.exponential(1.0);  // log of the slice height
      double left = x0 - w * rng.uniform();
      double right = left + w;
      Index j = static_cast<Index>(std::floor(static_cast<double>(m) * rng.uniform()));
      Index kk = m - 1 - j;
      MatrixD probe = x;
      probe(0, d) = left;
      while (j > 0 && log_density_at(probe) > log_y) {
        left -= w;
        probe(0, d) = left;
        --j;
      }
      probe(0, d) = right;
      while (kk > 0 && log_density_at(probe) > log_y) {
        right += w;
        probe(0, d) = right;
        --kk;
      }
      if (warmup) width[d] += (right - left - width[d]) / static_cast<double>(step + 1);
      for (Index round = 0; round < slice.max_shrink; ++round) {
        probe(0, d) = left + (right - left) * rng.uniform();
        const double lp = log_density_at(probe);
        if (lp > log_y) {
          x(0, d) = probe(0, d);
          logp = lp;
          break;
        }
        if (probe(0, d) < x0) left = probe(0, d);
        else right = probe(0, d);
      }
    }
    const Index t = options.kept_draw_index(step);
    if (t >= 0) draws.row(t) = x.row(0);
  }
  if (width_out != nullptr) *width_out = width;
  return draws;
}

}  // namespace sbi::mcmc
