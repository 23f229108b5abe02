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
// Determinism: round r draws its proposal, simulations and training from
// derive_seed(derive_seed(seed, stream), r) with the named streams below, and the trainer, flows
// and MCMC are thread-count invariant, so a run is bit-identical for any number of threads.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "inference/mcmc_posterior.hpp"
#include "inference/posterior.hpp"
#include "inference/posterior_estimator.hpp"
#include "inference/tsnpe.hpp"  // SimulateFn, round_sizes
#include "nn/trainer.hpp"

namespace sbi::inference {

enum class SequentialMethod { snpe_a, snpe_b, snpe_c, snle, snre_a, snre_c };
// "snpe-a", "snpe-c" (also "snpe", "apt"), "snpe-b", "snle", "snre" (NRE-A), "snre-c"; NotFoundError otherwise.
SequentialMethod parse_sequential_method(const std::string& name);
std::string sequential_method_name(SequentialMethod method);  // as parsed
bool is_sequential_method(const std::string& name);
std::vector<std::string> sequential_method_names();

struct SequentialSettings {
  SequentialMethod method = SequentialMethod::snpe_c;
  std::string estimator = "maf";    // snpe-c, snpe-b (maf | nsf | nsf_ar | mdn, sizes after ':'), snle;
                                    // snpe-a: mdn (components = the final round's K)
  ThetaSpace theta_space = ThetaSpace::constrained;  // snpe-c, snpe-b: where the flow models θ
  int rounds = 10;                  // sbibm's protocol
  Index num_atoms = 10;             // snpe-c: atoms per row (sbi's default)
  std::uint64_t seed = 0;
  nn::TrainSettings training;        // sbi's defaults; its seed is replaced per round
  McmcSettings mcmc;                // snle, snre: the proposals' and the final posterior's sampler
  // Called after each round with a one-line summary (e.g. for logging).
  std::function<void(const std::string&)> on_round;
};

struct SequentialRound {
  Index simulations = 0;       // drawn this round
  Index dropped = 0;           // of which non-finite x
  double acceptance_rate = 1;  // snpe-a, snpe-b, snpe-c: the proposal's mass inside the prior's support (1 in round 1)
  int epochs = 0;
  double seconds_proposing = 0, seconds_simulating = 0, seconds_training = 0;
};

struct SequentialResult {
  std::shared_ptr<Posterior> posterior;  // after the last round
  std::vector<SequentialRound> rounds;
  MatrixD theta, x;                      // all rounds' finite simulations, in round order
  // Writes the last round's network as an npe, nle or nre model file (path, model tag).
  std::function<void(const std::string& path, const std::string& tag)> save_model;
};

SequentialResult run_sequential(const sim::PriorPtr& prior, const SimulateFn& simulate, const RowVectorD& x_o,
                                Index budget, const SequentialSettings& options = {});

}  // namespace sbi::inference
