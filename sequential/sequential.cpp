// The multi-round driver shared by SNPE-A, SNPE-B, SNPE-C, SNLE and SNRE (see sequential.hpp).
#include "sequential/sequential.hpp"

#include <chrono>
#include <sstream>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "inference/mcmc_posterior.hpp"
#include "inference/rng_streams.hpp"
#include "inference/npe.hpp"
#include "sequential/restriction_file.hpp"
#include "sequential/round_learner.hpp"
#include "sequential/round_restriction.hpp"
#include "inference/snpe_a.hpp"

namespace sbi::inference {

namespace {

struct NamedMethod {
  const char* name;
  SequentialMethod method;
};
constexpr NamedMethod kMethods[] = {{"snpe-a", SequentialMethod::snpe_a}, {"snpe-b", SequentialMethod::snpe_b},
                                    {"snpe-c", SequentialMethod::snpe_c},
                                    {"snle", SequentialMethod::snle},     {"snre", SequentialMethod::snre_a},
                                    {"snre-b", SequentialMethod::snre_b}, {"snre-c", SequentialMethod::snre_c}};

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::uint64_t round_seed(std::uint64_t seed, std::uint64_t stream, int round) {
  return derive_seed(derive_seed(seed, stream), static_cast<std::uint64_t>(round));
}

bool is_snpe(SequentialMethod m) {
  return m == SequentialMethod::snpe_a || m == SequentialMethod::snpe_b || m == SequentialMethod::snpe_c;
}

// P_q(θ ∈ support) of an SNPE proposal (1 for the prior and MCMC posteriors).
double acceptance_of(const Posterior* proposal) {
  if (const auto* npe = dynamic_cast<const NpePosterior*>(proposal)) return npe->acceptance_rate();
  if (const auto* mixture = dynamic_cast<const MixturePosterior*>(proposal)) return mixture->acceptance_rate();
  return 1.0;
}

// ChainStart::latest: the MCMC posterior built after round r (0-based) starts its chains where the
// previous proposal's ended, from r = 2 on (sbibm: init_strategy "latest_sample" when r > 1).
void continue_chains(const SequentialSettings& options, int r, const Posterior* previous, Posterior* next) {
  if (options.mcmc.chain_start != mcmc::ChainStart::latest || r < 2) return;
  const auto* before = dynamic_cast<const McmcPosterior*>(previous);
  auto* after = dynamic_cast<McmcPosterior*>(next);
  if (before && after) after->start_chains_at(before->final_chain_states());
}

bool sampled_by_mcmc(const Posterior* proposal) {
  const auto* npe = dynamic_cast<const NpePosterior*>(proposal);
  return npe && npe->sampled_by_mcmc();
}

std::string round_line(const SequentialSettings& options, int r, const SequentialRound& rec, Index total) {
  std::ostringstream line;
  line << sequential_method_name(options.method) << " round " << r + 1 << "/" << options.rounds << ": "
       << rec.simulations << " simulations (" << total << " in all";
  if (rec.dropped > 0) line << ", " << rec.dropped << (options.restriction ? " invalid" : " non-finite") << " dropped";
  line << ")";
  if (r > 0 && is_snpe(options.method)) line << ", proposal acceptance " << rec.acceptance_rate;
  if (rec.proposal_by_mcmc) line << " (sampled by MCMC inside the support)";
  line << ", " << rec.epochs << " epochs, " << rec.seconds_training << " s training, " << rec.seconds_proposing
       << " s proposing";
  return line.str();
}

}  // namespace

SequentialMethod parse_sequential_method(const std::string& name) {
  if (name == "snpe" || name == "apt") return SequentialMethod::snpe_c;
  for (const auto& m : kMethods)
    if (name == m.name) return m.method;
  throw NotFoundError("unknown sequential method '" + name + "' (snpe-a, snpe-b, snpe-c, snle, snre, snre-b, snre-c)");
}

std::string sequential_method_name(SequentialMethod method) {
  for (const auto& m : kMethods)
    if (m.method == method) return m.name;
  return "?";
}

bool is_sequential_method(const std::string& name) {
  try {
    parse_sequential_method(name);
    return true;
  } catch (const NotFoundError&) {
    return false;
  }
}

std::vector<std::string> sequential_method_names() {
  std::vector<std::string> out;
  for (const auto& m : kMethods) out.emplace_back(m.name);
  return out;
}

namespace {

// Round r's rows stored in the learner: all of them, or with a restriction only the valid ones
// (round 1 also fits p̃_R and rebuilds the learner on it). Returns the rows not stored.
Index append_round(int r, const MatrixD& theta, const MatrixD& x, const std::shared_ptr<Posterior>& proposal,
                   const sim::PriorPtr& prior, Index x_dim, const SequentialSettings& options,
                   std::shared_ptr<RoundLearner>& learner, std::shared_ptr<const RestrictedPrior>& restricted) {
  if (!options.restriction) return learner->append(theta, x, proposal);
  const std::vector<bool> valid = options.restriction->rule.valid_rows(x);
  if (r == 0) {
    restricted = fit_round_restriction(prior, theta, valid, *options.restriction, options.seed);
    learner = make_round_learner(restricted, x_dim, options);
  }
  const KeptRows kept = keep_valid_rows(theta, x, valid, restricted.get());
  return kept.wasted + learner->append(kept.theta, kept.x, proposal);
}

}  // namespace

SequentialResult run_sequential(const sim::PriorPtr& prior, const SimulateFn& simulate, const RowVectorD& x_o,
                                Index budget, const SequentialSettings& options) {
  if (!prior) throw ValueError("sequential inference: no prior");
  if (!simulate) throw ValueError("sequential inference: no simulator");
  require_finite("sequential inference: observation", MatrixD(x_o));
  check_round_restriction(options);
  check_observation_valid(options, x_o);
  const std::vector<Index> sizes = round_sizes(budget, options.rounds);
  std::shared_ptr<RoundLearner> learner = make_round_learner(prior, x_o.size(), options);  // checks the settings
  SequentialResult result;
  std::shared_ptr<Posterior> proposal;  // null: the prior
  for (int r = 0; r < options.rounds; ++r) {
    SequentialRound rec;
    rec.simulations = sizes[static_cast<std::size_t>(r)];
    auto t0 = std::chrono::steady_clock::now();
    const std::uint64_t proposal_seed = round_seed(options.seed, streams::kProposalStream, r);
    const MatrixD theta = proposal ? proposal->sample(rec.simulations, proposal_seed)
                                   : prior->sample(rec.simulations, proposal_seed);
    rec.acceptance_rate = acceptance_of(proposal.get());
    rec.proposal_by_mcmc = sampled_by_mcmc(proposal.get());
    rec.seconds_proposing = since(t0);
    t0 = std::chrono::steady_clock::now();
    const MatrixD x = simulate(theta, round_seed(options.seed, streams::kSimulationStream, r));
    rec.seconds_simulating = since(t0);
    rec.dropped = append_round(r, theta, x, proposal, prior, x_o.size(), options, learner, result.restricted_prior);
    t0 = std::chrono::steady_clock::now();
    nn::TrainSettings training = options.training;
    training.seed = round_seed(options.seed, streams::kTrainingStream, r);
    rec.epochs = learner->train(r, training);
    rec.seconds_training = since(t0);
    std::shared_ptr<Posterior> next = learner->posterior(x_o);
    continue_chains(options, r, proposal.get(), next.get());
    proposal = std::move(next);
    if (options.on_round) options.on_round(round_line(options, r, rec, learner->data().size()));
    result.rounds.push_back(rec);
  }
  result.posterior = proposal;
  result.theta = learner->data().theta();
  result.x = learner->data().x();
  result.save_model = [learner, restricted = result.restricted_prior](const std::string& path, const std::string& tag) {
    save_with_restriction(path, learner->archive(tag), restricted.get());
  };
  return result;
}

}  // namespace sbi::inference
