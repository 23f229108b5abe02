// The named random-stream ids of nn, flows, simulators, mcmc and inference keep the values the
// literals had (every seeded result depends on them); distinctness is checked by static_asserts
// in each module's rng_streams.hpp.
#include <doctest/doctest.h>

#include "flows/rng_streams.hpp"
#include "inference/rng_streams.hpp"
#include "mcmc/rng_streams.hpp"
#include "nn/rng_streams.hpp"
#include "simulators/rng_streams.hpp"

using namespace sbi;

TEST_CASE("stream ids of nn, flows, simulators and mcmc keep their values") {
  CHECK(nn::streams::kValidationSplit == 1);
  CHECK(nn::streams::kEpochShuffle == 2);
  CHECK(nn::streams::kTrainingLoss == 3);
  CHECK(nn::streams::kValidationLoss == 4);
  CHECK(flows::streams::kMadeMask.id(2) == 1002);
  CHECK(flows::streams::kRandomPermutation.id(2) == 2002);
  CHECK(sim::streams::kLikelihoodMaxSearch == 0x6c696b6d6178ULL);
  CHECK(sim::streams::kLikelihoodRejection == 1);
  CHECK(sim::streams::kRangePriorDraws == 1);
  CHECK(sim::streams::kRangeSimulations == 2);
  CHECK(sim::streams::kMisspecifiedRange == 3);
  CHECK(sim::streams::kMisspecifiedAttempts == 4);
  CHECK(mcmc::streams::kInitFromPrior == 0x1a1700000001ULL);
  CHECK(mcmc::streams::kInitSir == 0x1a1700000002ULL);
}

TEST_CASE("stream ids of inference keep their values") {
  namespace s = inference::streams;
  CHECK(s::kEstimatorInit == 1);
  CHECK(s::kTraining == 2);
  CHECK(s::kNpeSampleRound.id(5) == 5);
  CHECK(s::kNreNetworkInit == 21);
  CHECK(s::kAceTargets == 10);
  CHECK(s::kAceScalePairs == 11);
  CHECK(s::kAceNetworkInit == 12);
  CHECK(s::kAceValidation == 13);
  CHECK(s::kAceEnsembleMember.id(1) == 101);
  CHECK(s::kMcmcInit == 1);
  CHECK(s::kMcmcChains == 2);
  CHECK(s::kEnsembleMemberDraws.id(0) == 1);
  CHECK(s::kTsnpeRound.id(3) == 103);
  CHECK(s::kTsnpeTraining.id(3) == 203);
  CHECK(s::kTsnpeEstimatorInit.id(3) == 303);
  CHECK(s::kRoundPrior == 1);
  CHECK(s::kRoundThreshold == 2);
  CHECK(s::kRoundTruncated == 3);
  CHECK(s::kRoundActive == 4);
  CHECK(s::kRoundSimulation == 5);
  CHECK(s::kMfPretraining == 10);
  CHECK(s::kMfFineTuning == 11);
  CHECK(s::kSmcRound.id(4) == 4);
  CHECK(s::kSmcInitialPrior == 1);
  CHECK(s::kSmcInitialSimulation == 2);
  CHECK(s::kSmcBatchSimulation.id(7) == 1'000'007);
  CHECK(s::kProposalStream == 601);  // sequential inference (moved from sequential.hpp)
  CHECK(s::kSimulationStream == 602);
  CHECK(s::kTrainingStream == 603);
  CHECK(s::kNetworkStream == 604);
  CHECK(s::kSnpeAExpansion == 605);
}
