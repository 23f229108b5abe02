// Per-dimension summaries and the text report of an MCMC run.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "mcmc/diagnostics.hpp"

namespace sbi::mcmc {

namespace {

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), format, v);
  return buf;
}

std::string mean_min_max(const Eigen::Ref<const VectorD>& v) {
  if (v.size() == 0) return "-";
  return fmt("%.4g", v.mean()) + " (min " + fmt("%.4g", v.minCoeff()) + ", max " +
         fmt("%.4g", v.maxCoeff()) + ")";
}

}  // namespace

Diagnostics diagnose(const McmcResult& result) {
  Diagnostics out;
  out.dims.resize(result.dim);
  out.max_rhat = 0.0;
  out.min_ess_bulk = std::numeric_limits<double>::infinity();
  for (Index d = 0; d < result.dim; ++d) {
    const MatrixD chains = result.coordinate(d);
    DimensionSummary& s = out.dims[d];
    s.mean = chains.mean();
    s.sd = std::sqrt((chains.array() - s.mean).square().sum() /
                     std::max<double>(1.0, static_cast<double>(chains.size() - 1)));
    if (result.num_draws >= 8) {
      s.rhat = rank_normalized_split_rhat(chains);
      s.ess_bulk = ess_bulk(chains);
      s.ess_mean = ess_mean(chains);
      s.mcse_mean = s.sd / std::sqrt(s.ess_mean);
    } else {
      s.rhat = s.ess_bulk = s.ess_mean = s.mcse_mean = std::numeric_limits<double>::quiet_NaN();
    }
    // NaN (constant chains) propagates to the summary so it is visible in the report.
    if (std::isnan(s.rhat) || s.rhat > out.max_rhat) out.max_rhat = s.rhat;
    if (std::isnan(s.ess_bulk) || s.ess_bulk < out.min_ess_bulk) out.min_ess_bulk = s.ess_bulk;
  }
  return out;
}

std::string mcmc_report(const McmcResult& result) {
  std::ostringstream os;
  os << "MCMC (" << result.sampler << "): " << result.num_chains << " chains x "
     << result.num_draws << " draws, dim " << result.dim << "\n";
  os << "  batched density calls: " << result.density_calls << " (" << result.density_rows
     << " rows)\n";
  os << "  acceptance rate: " << mean_min_max(result.acceptance_rate) << "\n";
  if (result.step_size.size() > 0) {
    const VectorD per_chain = result.step_size.rowwise().mean();
    os << "  " << result.step_size_name << ": " << mean_min_max(per_chain) << "\n";
  }
  if (result.divergences.size() > 0 && result.divergences.sum() > 0)
    os << "  divergent transitions: " << result.divergences.sum() << "\n";
  if (result.mean_tree_depth.size() > 0)
    os << "  mean tree depth: " << mean_min_max(result.mean_tree_depth) << "\n";
  const Diagnostics diag = diagnose(result);
  os << "  max R-hat " << fmt("%.4f", diag.max_rhat) << ", min bulk ESS "
     << fmt("%.1f", diag.min_ess_bulk) << "\n";
  os << "   dim        mean          sd        mcse     R-hat   ESS bulk\n";
  for (Index d = 0; d < result.dim; ++d) {
    const DimensionSummary& s = diag.dims[d];
    char line[160];
    std::snprintf(line, sizeof(line), "  %4ld %11.4g %11.4g %11.3g %9.4f %10.1f\n",
                  static_cast<long>(d), s.mean, s.sd, s.mcse_mean, s.rhat, s.ess_bulk);
    os << line;
  }
  return os.str();
}

}  // namespace sbi::mcmc
