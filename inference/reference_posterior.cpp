// Reference posteriors (see reference_posterior.hpp).
#include "inference/reference_posterior.hpp"

#include "core/errors.hpp"

namespace sbi::inference {

McmcSettings reference_mcmc_settings() {
  McmcSettings s;
  s.sampler = mcmc::SamplerKind::Slice;
  s.num_chains = 200;
  s.warmup_steps = 1000;
  s.thin = 5;
  s.init_candidates = 100000;
  return s;
}

MatrixD reference_posterior(const sim::Task& task, const RowVectorD& x_o, Index n, std::uint64_t seed,
                            const McmcSettings& settings) {
  if (task.has_reference()) return task.sample_reference_posterior(x_o, n, seed);
  if (!task.has_log_likelihood())
    throw NotFoundError("task '" + task.name + "' has neither a reference sampler nor a likelihood" +
                        (task.reference_unavailable.empty() ? "" : " (" + task.reference_unavailable + ")"));
  require_shape("reference posterior: observation", x_o, 1, task.x_dim());
  const sim::Task* t = &task;
  mcmc::LogDensity potential;
  potential.dim = task.theta_dim();
  potential.value = [t, x_o](ConstRowsD theta, ValuesD logp) {
    t->prior->log_prob_into(theta, logp);
    // The likelihood only where the prior is positive (simulators may be undefined outside).
    std::vector<Index> inside;
    for (Index i = 0; i < theta.rows(); ++i)
      if (std::isfinite(logp(i))) inside.push_back(i);
    if (inside.empty()) return;
    MatrixD rows(static_cast<Index>(inside.size()), theta.cols());
    for (std::size_t k = 0; k < inside.size(); ++k) rows.row(static_cast<Index>(k)) = theta.row(inside[k]);
    const VectorD ll = t->evaluate_log_likelihood(rows, x_o);
    for (std::size_t k = 0; k < inside.size(); ++k) logp(inside[k]) += ll(static_cast<Index>(k));
  };
  McmcPosterior posterior(task.prior, potential, settings, "reference posterior of " + task.name);
  return posterior.sample(n, seed);
}

}  // namespace sbi::inference
