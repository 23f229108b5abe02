// Multi-round (sequential) inference for one observation x_o: SNPE-A, SNPE-B, SNPE-C / APT, SNLE
// and SNRE (NRE-A and NRE-C). The budget N is split into R rounds (sbibm: 10 of equal size, the
// remainder to the last). In round r:
//   1. draw θ from the proposal p̃_r: the prior in round 1, else the current posterior at x_o
//      (SNPE-C: the flow q(θ | x_o) restricted to the prior's support by rejection, with its
//      acceptance rate recorded; SNLE / SNRE: the MCMC posterior q(x_o | θ)p(θ) or r(θ, x_o)p(θ));
//   2. simulate and append (θ, x) to all earlier rounds' pairs (non-finite x dropped, counted);
//   3. train on all pairs, continuing from the previous round's weights and z-scoring:
//        SNPE-C  round 1: −Σ log q(θ_i | x_i); later rounds: the atomic loss (atomic_loss.hpp),
//                which corrects for any mixture of proposals;
//        SNPE-A  −Σ log q(θ_i | x_i) over the latest round's pairs, with a mixture density
//                network (one component until the final round), corrected analytically for
//                that round's Gaussian proposal (snpe_a.hpp);
//        SNPE-B  later rounds: −Σ w_i log q(θ_i | x_i), w_i = p(θ_i)/p̃(θ_i) with p̃ the mixture
//                of all rounds' proposals weighted by their share of rows, as sbi
//                (weighted_loss.hpp);
//        SNLE    −Σ log q(x_i | θ_i): the likelihood needs no correction for the proposal;
//        SNRE    the NRE-A / NRE-C classifier: pairs and marginals are both drawn under the
//                proposal, so d(θ, x) → log p(x | θ)/p̃(x), still ∝ the likelihood in θ;
//   4. the posterior at x_o becomes the next proposal.
// Embedding (`embedding`): the estimator's net of x (SNPE-A/B/C, SNRE; SNLE: of θ, as one-round
// NLE and sbi's likelihood_nn) is built with the network in round 1, trained with it in every
// round, and carried across rounds with the other weights (SNPE-A copies it into the final
// round's K-component MDN).
// Restriction (`restriction`, SNPE-B/C, SNLE, SNRE; round_restriction.hpp): round 1's θ ~ p are
// labelled by the validity rule and train the classifier c(θ); from then on the restricted prior
// p̃_R(θ) ∝ p(θ)·1[c(θ) ≥ τ] stands for the prior everywhere: in the losses (the atomic loss's
// log p, SNPE-B's weights), in the posteriors' support (SNPE: leaked or restricted-out draws
// rejected; SNLE / SNRE: log p̃_R = −∞ outside), so each later round's proposal is the posterior
// combined with the restriction. Only valid rows are trained on; invalid ones are counted as
// wasted per round. With no false negatives of c, p̃_R(θ | x_o) is the true posterior.
// Determinism: round r draws its proposal, simulations and training from
// derive_seed(derive_seed(seed, stream), r) with the named streams below, and the trainer, flows
// and MCMC are thread-count invariant, so a run is bit-identical for any number of threads.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "inference/mcmc_posterior.hpp"
#include "inference/posterior.hpp"
#include "inference/posterior_estimator.hpp"
#include "inference/tsnpe.hpp"  // SimulateFn, round_sizes
#include "nn/embedding_spec.hpp"
#include "nn/trainer.hpp"
#include "sequential/restriction.hpp"
#include "sequential/validity_rule.hpp"

namespace sbi::inference {

enum class SequentialMethod { snpe_a, snpe_b, snpe_c, snle, snre_a, snre_b, snre_c };
// "snpe-a", "snpe-c" (also "snpe", "apt"), "snpe-b", "snle", "snre" (NRE-A), "snre-b", "snre-c";
// NotFoundError otherwise.
SequentialMethod parse_sequential_method(const std::string& name);
std::string sequential_method_name(SequentialMethod method);  // as parsed
bool is_sequential_method(const std::string& name);
std::vector<std::string> sequential_method_names();

// --restrict with the multi-round methods: the rule labelling round 1 and the classifier's settings
// (its seed is replaced by derive_seed(seed, streams::kRoundRestriction)).
struct SequentialRestrictionSettings {
  ValidityRule rule;
  RestrictionSettings classifier;
};

struct SequentialSettings {
  SequentialMethod method = SequentialMethod::snpe_c;
  std::string estimator = "maf";    // snpe-c, snpe-b (maf | nsf | nsf_ar | mdn, sizes after ':'), snle;
                                    // snpe-a: mdn (components = the final round's K)
  ThetaSpace theta_space = ThetaSpace::constrained;  // snpe-c, snpe-b: where the flow models θ; snle, snre*: the θ conditioned on
  int rounds = 10;                  // sbibm's protocol
  Index num_atoms = 10;             // snpe-c, snre-b: atoms per row (sbi's default)
  std::uint64_t seed = 0;
  nn::TrainSettings training;        // sbi's defaults; its seed is replaced per round
  McmcSettings mcmc;                // snle, snre: the proposals' and the final posterior's sampler
  nn::EmbeddingSpec embedding;      // none: the estimator sees x (snle: θ) itself
  std::optional<SequentialRestrictionSettings> restriction;  // not with snpe-a; needs rounds ≥ 2
  // Called after each round with a one-line summary (e.g. for logging).
  std::function<void(const std::string&)> on_round;
};

struct SequentialRound {
  Index simulations = 0;       // drawn this round
  Index dropped = 0;           // of which not trained on: non-finite x, or breaking the restriction rule
  double acceptance_rate = 1;  // snpe-a, snpe-b, snpe-c: the proposal's mass inside the prior's support (1 in round 1)
  bool proposal_by_mcmc = false;  // snpe-b, snpe-c: the proposal leaked too much for rejection and was sampled by MCMC
  int epochs = 0;
  double seconds_proposing = 0, seconds_simulating = 0, seconds_training = 0;
};

struct SequentialResult {
  std::shared_ptr<Posterior> posterior;  // after the last round
  std::vector<SequentialRound> rounds;
  MatrixD theta, x;                      // all rounds' finite (valid) simulations, in round order
  std::shared_ptr<const RestrictedPrior> restricted_prior;  // with a restriction: p̃_R fitted on round 1
  // Writes the last round's network as an npe, nle, nre or snpe_a model file (path, model tag),
  // with the restriction when there is one (restriction_file.hpp).
  std::function<void(const std::string& path, const std::string& tag)> save_model;
};

SequentialResult run_sequential(const sim::PriorPtr& prior, const SimulateFn& simulate, const RowVectorD& x_o,
                                Index budget, const SequentialSettings& options = {});

}  // namespace sbi::inference
