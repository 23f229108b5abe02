// The field table of the job settings (see job_fields.hpp).
#include "pipelines/job_fields.hpp"

#include <limits>

#include "inference/ace_fields.hpp"
#include "mcmc/settings_fields.hpp"

namespace sbi::pipelines {

namespace {
constexpr Index kMax = std::numeric_limits<Index>::max();
constexpr int kMaxInt = std::numeric_limits<int>::max();
constexpr double kInf = std::numeric_limits<double>::infinity();

FieldTable<JobSettings> ace_fields() {
  using J = JobSettings;
  return {
      number_field("ace_observed_fraction", &J::ace_observed_fraction, "ACE: share of training targets drawn "
                   "among the observations (0 = the reference: as rare as any other target)", 0.0, 1.0),
      number_field("ace_members", &J::ace_members, "ACE: cost networks trained from different seeds on the same "
                   "simulations; the GBI cost is their mean (model.sbi is member 1, model_member<k>.sbi the others)",
                   Index(1), kMax),
      number_field("ace_disagreement", &J::ace_disagreement, "ACE with --ace-members > 1: cost = mean + L x sd "
                   "over the members (L > 0 avoids θ where the networks disagree)", 0.0, kInf),
      bool_field("ace_per_term", &J::ace_per_term, "ACE: one network output per term of a distance that is a "
                 "mean of terms (mse, mae_zscored), each regressed on its own term; the cost is their mean"),
      number_field("ace_hidden", &J::ace_hidden, "ACE: units per layer of the cost network (residual MLP)", Index(1),
                   kMax),
      number_field("ace_blocks", &J::ace_blocks, "ACE: residual blocks of the cost network", Index(1), kMax),
      number_field("ace_targets_per_theta", &J::ace_targets_per_theta, "ACE: training targets paired with each "
                   "simulation per epoch (K labelled pairs per θ)", Index(1), kMax),
      enum_field("ace_loss", &J::ace_loss, "ACE: regression loss of the cost network: squared (the reference) or "
                 "poisson (Poisson deviance: same minimiser, weighs errors where the cost is small more)",
                 inference::ace_loss_field_names()),
  };
}

FieldTable<JobSettings> job_fields() {
  using J = JobSettings;
  return {
      string_field("task", &J::task, "benchmark task (see 'sbi tasks')"),
      string_field("method", &J::method, "inference method: ace, npe, nle, nre, nre-b, nre-c or rej-abc; or the multi-round "
                   "snpe-a, snpe-b, snpe-c, snle, snre, snre-b, snre-c (per observation, see --rounds)"),
      number_field("rounds", &J::rounds, "multi-round methods: rounds, the --sims budget split evenly (sbibm: 10)", 1,
                   kMaxInt),
      number_field("atoms", &J::atoms, "snpe-c, snre-b: atoms per row in the atomic loss (sbi's default)", Index(2), kMax),
      number_field("sims", &J::sims, "number of simulations", Index(10), kMax),
      number_field("seed", &J::seed, "random seed (results are identical for any thread count)"),
      number_list_field("betas", &J::betas, "GBI inverse temperatures (empty: the task's reference values)"),
      number_field("num_samples", &J::num_samples, "posterior draws per observation and beta", Index(1), kMax),
      number_field("predictive_sims", &J::predictive_sims, "posterior-predictive simulations per posterior",
                   Index(0), kMax),
      string_field("distance", &J::distance, "ACE distance: task, mse, mae_zscored or trial_energy"),
      string_field("estimator", &J::estimator, "density estimator for npe/nle (see --estimator)"),
      enum_field("theta_space", &J::theta_space, "the coordinates of θ the network models (npe) or is "
                 "conditioned on (nle, nre*): constrained (sbi's default; npe draws outside the prior rejected) or "
                 "unconstrained (the prior's own bijection, e.g. logit for a box prior; sbibm's automatic transforms)",
                 inference::theta_space_field_names()),
      number_field("max_epochs", &J::max_epochs, "training epochs at most", 0, kMaxInt),
      number_field("patience", &J::patience, "stop after N epochs without validation improvement", 1, kMaxInt),
      number_field("batch_size", &J::batch_size, "training minibatch size", 1, kMaxInt),
      number_field("learning_rate", &J::learning_rate, "Adam learning rate", 0.0, kInf),
      number_field("range_sims", &J::num_range_sims,
                   "prior-predictive simulations used to build the misspecified observation", Index(0), kMax),
      object_field("mcmc", &J::mcmc, "MCMC of the ace, nle and nre posteriors", mcmc::mcmc_settings_fields()),
  };
}
}  // namespace

const FieldTable<JobSettings>& job_settings_fields() {
  static const FieldTable<JobSettings> table = joined(job_fields(), ace_fields());
  return table;
}

}  // namespace sbi::pipelines
