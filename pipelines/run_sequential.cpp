// The multi-round run job (see run_sequential.hpp).
#include "pipelines/run_sequential.hpp"

#include <chrono>

#include "core/rng.hpp"
#include "pipelines/rng_streams.hpp"
#include "pipelines/run_method.hpp"
#include "pipelines/sequential_options.hpp"
#include "simulators/model_tag.hpp"

namespace sbi::pipelines {

namespace {

SequentialJobSettings sequential_settings(const JobSettings& s, std::size_t k) {
  SequentialJobSettings q;
  q.method = inference::parse_sequential_method(s.method);
  q.estimator = s.estimator;
  q.theta_space = s.theta_space;
  q.rounds = s.rounds;
  q.atoms = s.atoms;
  q.seed = derive_seed(derive_seed(s.seed, streams::kSequentialRuns), static_cast<std::uint64_t>(k));
  q.training.max_epochs = s.max_epochs;  // sbi's other defaults, as the amortized job
  q.mcmc = s.mcmc;
  q.embedding = s.embedding;
  q.restriction = round_restriction(s.restriction);
  return q;
}

nlohmann::json rounds_json(const inference::SequentialResult& result) {
  nlohmann::json out = nlohmann::json::array();
  // With --restrict the rows not trained on are the ones breaking the rule (non-finite included).
  const char* dropped = result.restricted_prior ? "wasted_invalid" : "dropped_nonfinite";
  for (const auto& r : result.rounds)
    out.push_back({{"simulations", r.simulations}, {dropped, r.dropped},
                   {"proposal_acceptance", r.acceptance_rate},
                   {"proposal_by_mcmc", r.proposal_by_mcmc}, {"epochs", r.epochs},
                   {"seconds_proposing", r.seconds_proposing}, {"seconds_simulating", r.seconds_simulating},
                   {"seconds_training", r.seconds_training}});
  return out;
}

// The restriction's record: rule, the restricted prior's acceptance of the prior, rows wasted.
nlohmann::json restriction_json(const inference::SequentialResult& result, const JobSettings& s) {
  if (!result.restricted_prior) return nullptr;
  Index simulations = 0, wasted = 0, wasted_later = 0;
  for (std::size_t r = 0; r < result.rounds.size(); ++r) {
    simulations += result.rounds[r].simulations;
    wasted += result.rounds[r].dropped;
    if (r > 0) wasted_later += result.rounds[r].dropped;
  }
  return {{"rule", s.restriction->rule.str()},
          {"acceptance_rate", result.restricted_prior->acceptance_rate()},
          {"wasted_first_round", wasted - wasted_later},
          {"wasted_later_rounds", wasted_later},
          {"wasted_fraction", simulations ? double(wasted) / double(simulations) : 0.0}};
}

}  // namespace

void check_sequential_job(const JobSettings& s) {
  SequentialJobSettings q = sequential_settings(s, 0);
  check_sequential_settings(q);
  if (s.sims < 10 * s.rounds) throw SettingsError("--sims must give at least 10 simulations per round");
}

nlohmann::json run_sequential_job(const JobSettings& s, const sim::Task& task,
                                  const std::vector<Observation>& observations, const Log& log) {
  check_sequential_job(s);
  const sim::Task* t = &task;
  const inference::SimulateFn simulate = [t](const MatrixD& theta, std::uint64_t seed) { return t->simulate(theta, seed); };
  nlohmann::json summary, posteriors = nlohmann::json::array();
  ProgressBar mcmc_bar(log, "sampling", 1);
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t k = 0; k < observations.size(); ++k) {
    nlohmann::json rounds, restriction;
    const PosteriorOf posterior_of = [&](const Observation& obs) {
      Stage stage(log, s.method + " for the " + obs.name + " observation: " + std::to_string(s.rounds) + " rounds, " +
                           std::to_string(s.sims) + " simulations in all");
      const inference::SequentialSettings o =
          sequential_options(sequential_settings(s, k), [&log](const std::string& line) { log.info("  " + line); });
      const inference::SequentialResult result = inference::run_sequential(task.prior, simulate, obs.x, s.sims, o);
      rounds = rounds_json(result);
      restriction = restriction_json(result, s);
      result.save_model(s.out + "/model_" + obs.name + ".sbi", sim::model_tag(task));
      return result.posterior;
    };
    nlohmann::json entry = posterior_entry(s, task, posterior_of, observations[k], mcmc_bar, log);
    if (!rounds.is_null()) {
      entry["rounds"] = rounds;
      entry["model_file"] = "model_" + observations[k].name + ".sbi";
      if (!restriction.is_null()) entry["restriction"] = restriction;
    }
    posteriors.push_back(entry);
  }
  summary["seconds_rounds_and_sampling"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  summary["posteriors"] = posteriors;
  return summary;
}

}  // namespace sbi::pipelines
