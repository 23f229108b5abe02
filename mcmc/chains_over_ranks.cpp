// MCMC chains split over MPI ranks (see chains_over_ranks.hpp).
#include "mcmc/chains_over_ranks.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "core/rank_split.hpp"

namespace sbi::mcmc {

McmcResult run_chains_over_ranks(const ChainBlockRunner& run, const MatrixD& init, const McmcRunSettings& options,
                                 const Communicator& ranks) {
  const Index chains = init.rows(), dim = init.cols();
  const Index panels = (chains + kChainPanel - 1) / kChainPanel;
  if (!ranks.is_distributed() || panels < 2) return run(init, options);
  const RowBlock my_panels = rows_of_rank(panels, ranks.rank(), ranks.size());
  const RowBlock mine{std::min(chains, my_panels.begin * kChainPanel), std::min(chains, my_panels.end * kChainPanel)};
  McmcRunSettings block = options;
  block.num_chains = mine.size();
  block.num_samples = options.draws_per_chain() * mine.size();
  block.first_stream = options.first_stream + static_cast<std::uint64_t>(mine.begin);
  if (!ranks.is_root()) block.on_step = nullptr;  // progress is shown by rank 0
  const Index draws = options.draws_per_chain();
  // Per chain: [draws (draws × dim, row-major) | acceptance | divergences | tree depth (NaN: none)
  //             | step-size columns | step sizes (dim slots)].
  const Index width = draws * dim + 4 + dim;
  std::optional<McmcResult> local;
  // Items are panels; a panel's row holds its kChainPanel chains (past the last chain: zeros).
  const MatrixD panel_rows = gather_items_over_ranks(panels, kChainPanel * width, [&](Index p, double* panel) {
    if (!local) local = run(init.middleRows(mine.begin, mine.size()), block);
    for (Index c = p * kChainPanel; c < std::min(chains, (p + 1) * kChainPanel); ++c) {
      double* row = panel + (c - p * kChainPanel) * width;
      const Index k = c - mine.begin;
      for (Index t = 0; t < draws; ++t)
        for (Index d = 0; d < dim; ++d) row[t * dim + d] = local->draw(k, t)(d);
      double* tail = row + draws * dim;
      tail[0] = local->acceptance_rate(k);
      tail[1] = local->divergences(k);
      tail[2] = local->mean_tree_depth.size() > 0 ? local->mean_tree_depth(k) : std::numeric_limits<double>::quiet_NaN();
      tail[3] = double(local->step_size.cols());
      for (Index j = 0; j < local->step_size.cols() && j < dim; ++j) tail[4 + j] = local->step_size(k, j);
    }
  }, ranks);
  // Chain c's row.
  auto rows = [&](Index c, Index j) { return panel_rows(c / kChainPanel, (c % kChainPanel) * width + j); };
  McmcResult out;
  std::vector<double> counts{local ? double(local->density_calls) : 0.0, local ? double(local->density_rows) : 0.0};
  ranks.allreduce_sum_in_rank_order(counts);
  out.allocate(local ? local->sampler : std::string(), chains, draws, dim);  // no panel here: no names
  out.step_size_name = local ? local->step_size_name : std::string();
  const Index step_cols = static_cast<Index>(rows(0, draws * dim + 3));
  out.step_size.setZero(chains, step_cols);
  const bool has_depth = !std::isnan(rows(0, draws * dim + 2));
  if (has_depth) out.mean_tree_depth.setZero(chains);
  for (Index c = 0; c < chains; ++c) {
    for (Index t = 0; t < draws; ++t)
      for (Index d = 0; d < dim; ++d) out.draw(c, t)(d) = rows(c, t * dim + d);
    const Index at = draws * dim;
    out.acceptance_rate(c) = rows(c, at);
    out.divergences(c) = rows(c, at + 1);
    if (has_depth) out.mean_tree_depth(c) = rows(c, at + 2);
    for (Index j = 0; j < step_cols; ++j) out.step_size(c, j) = rows(c, at + 4 + j);
  }
  out.density_calls = static_cast<std::int64_t>(counts[0]);
  out.density_rows = static_cast<std::int64_t>(counts[1]);
  return out;
}

}  // namespace sbi::mcmc
