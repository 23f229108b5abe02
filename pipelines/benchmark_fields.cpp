// The field table of the benchmark settings (see benchmark_fields.hpp).
#include "pipelines/benchmark_fields.hpp"

#include <limits>

#include "inference/ace_fields.hpp"
#include "mcmc/settings_fields.hpp"

namespace sbi::pipelines {

namespace {
constexpr Index kMax = std::numeric_limits<Index>::max();
constexpr int kMaxInt = std::numeric_limits<int>::max();

FieldTable<BenchmarkSettings> sbibm_fields() {
  using B = BenchmarkSettings;
  return {
      string_field("method", &B::method, "npe, nle, nre, nre-b, nre-c, rej-abc, smc-abc, ace, tsnpe, mf-npe, mf-tsnpe, "
                   "a-mf-tsnpe, or the multi-round snpe-a, snpe-b, snpe-c, snle, snre, snre-b, snre-c (see --rounds)"),
      string_field("reference_dir", &B::reference_dir, "sbibm-layout folder with observations and reference "
                   "posteriors (default: the engine's own observations and reference sampler)"),
      number_field("num_samples", &B::num_samples, "posterior draws per observation", Index(1), kMax),
      number_field("predictive_sims", &B::predictive_sims, "posterior-predictive simulations per observation",
                   Index(0), kMax),
      number_field("seed", &B::seed, "random seed"),
      number_field("max_epochs", &B::max_epochs, "training epochs at most (sbi: until patience runs out)", 0,
                   kMaxInt),
      object_field("mcmc", &B::mcmc, "MCMC of the nle and nre* posteriors and the snle / snre* proposals",
                   mcmc::mcmc_settings_fields()),
      string_field("out", &B::out, "results CSV (appended to when it exists)"),
      string_field("markdown", &B::markdown, "also write a markdown table of the means"),
      string_field("save_samples", &B::save_samples, "also write each observation's posterior draws to DIR "
                   "(created if missing) as <task>_<method>_<sims>_obs<k>.csv, and the reference draws as "
                   "<task>_reference_obs<k>.csv"),
  };
}

FieldTable<BenchmarkSettings> table_fields() {
  using B = BenchmarkSettings;
  return {
      number_list_field("betas", &B::betas, "ace: inverse temperatures (default: the task's reference values)"),
      number_field("cost_thetas", &B::cost_thetas, "ace: prior draws at which the learned cost is checked", Index(0),
                   kMax),
      number_field("cost_sims", &B::cost_sims, "ace: simulations per θ for the Monte-Carlo cost (tasks without "
                   "a closed form)", Index(0), kMax),
      number_field("range_sims", &B::range_sims, "ace: prior-predictive simulations bounding the misspecified "
                   "observations", Index(0), kMax),
      bool_field("cost_monte_carlo", &B::cost_monte_carlo, "ace: use the Monte-Carlo true cost even where the task "
                 "has a closed form"),
      number_field("ace_members", &B::ace_members, "ace: an ensemble of K cost networks (mean cost; rows name the "
                   "method ace-ensemble<K>)", Index(1), kMax),
      bool_field("ace_per_term", &B::ace_per_term, "ace: one network output per term of an mse or mae_zscored "
                 "distance (rows name the method with the suffix -per-term)"),
      number_field("ace_hidden", &B::ace_hidden, "ace: units per layer of the cost network", Index(1), kMax),
      number_field("ace_blocks", &B::ace_blocks, "ace: residual blocks of the cost network", Index(1), kMax),
      enum_field("ace_loss", &B::ace_loss, "ace: regression loss, squared (the reference) or poisson (rows name "
                 "the method with the suffix -poisson)", inference::ace_loss_field_names()),
      number_field("lf_sims", &B::lf_sims, "low-fidelity simulations for mf-npe, mf-tsnpe, a-mf-tsnpe", Index(0),
                   kMax),
      string_field("lf_task", &B::lf_task, "low-fidelity task (default: <task>_lf)"),
      number_field("rounds", &B::rounds, "rounds of the sequential methods, equal budgets (default: 10 for snpe-c, "
                   "snpe-b, snle, snre, snre-b, snre-c as in sbibm; 5 for tsnpe, mf-tsnpe, a-mf-tsnpe)", 1, kMaxInt),
      number_field("atoms", &B::atoms, "snpe-c, snre-b: atoms per row in the atomic loss (sbi's default)", Index(2), kMax),
  };
}
}  // namespace

const FieldTable<BenchmarkSettings>& benchmark_settings_fields() {
  static const FieldTable<BenchmarkSettings> table = joined(sbibm_fields(), table_fields());
  return table;
}

}  // namespace sbi::pipelines
