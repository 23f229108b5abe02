// Multifidelity NPE (MF-NPE; Krouglova et al., "Multifidelity simulation-based inference for
// computationally expensive simulators"): learn q_φ(θ | x) from many cheap low-fidelity (LF)
// simulations, then fine-tune ALL its weights on few expensive high-fidelity (HF) ones:
//   pretrain:  φ_LF = argmin −Σ_{LF} log q_φ(θ_i | x_i)           (z-scoring fitted on LF data)
//   fine-tune: φ_HF = argmin −Σ_{HF} log q_φ(θ_i | x_i), started from φ_LF
// Standardizers: before fine-tuning, the LF z-scoring of θ and of x is REPLACED by z-scoring
// refitted on the HF training set (mean and sd per dimension); the network weights are kept as
// they are, so the first layer now sees HF data in HF-standardized units. This keeps the
// fine-tuned flow's inputs at unit scale even when LF and HF x differ in location and scale
// (for Ornstein–Uhlenbeck the HF trace starts near μ + 3, the LF draws sit at μ).
// LF and HF x must have the same dimension (the network's input is shared).
#pragma once
#include <memory>
#include <string>

#include "flows/density_estimator.hpp"
#include "flows/training.hpp"
#include "inference/npe.hpp"

namespace sbi::inference {

struct MultifidelitySettings {
  std::string estimator = "maf";
  std::uint64_t seed = 0;
  ThetaSpace theta_space = ThetaSpace::constrained;  // where a pretrained flow models θ
  nn::TrainSettings pretraining;  // lr 1e-4 in the reference implementation (set by default)
  nn::TrainSettings fine_tuning;  // sbi's defaults (lr 5e-4)
  MultifidelitySettings() { pretraining.adam.learning_rate = 1e-4; }
};

// Builds a fresh flow of `kind` modelling θ in `space` (weights from `seed`) and fits it,
// standardizers included, on the LF simulations (θ in the prior's coordinates, as for
// fine_tune_estimator).
PosteriorEstimator pretrain_estimator(const std::string& kind, const sim::PriorPtr& prior, ThetaSpace space,
                                      const MatrixD& theta, const MatrixD& x, std::uint64_t seed,
                                      const nn::TrainSettings& training, flows::FitResult* result = nullptr);

// Replaces the standardizers of `estimator` by ones fitted on (theta, x) in its θ space (rows
// with a non-finite entry skipped), then trains all weights on them starting from the current
// ones.
flows::FitResult fine_tune_estimator(PosteriorEstimator& estimator, const MatrixD& theta, const MatrixD& x,
                                     const nn::TrainSettings& training);

// MF-NPE behind the usual NPE calls: pretrain once, fine-tune a copy on HF data, then build
// posteriors for any observation (amortized).
class MultifidelityNpe {
 public:
  MultifidelityNpe(sim::PriorPtr prior, MultifidelitySettings options = {});
  // Pretrains on LF simulations (or adopts an already pretrained estimator).
  flows::FitResult pretrain(const MatrixD& theta_lf, const MatrixD& x_lf);
  // Adopts a pretrained estimator, in whatever θ space it was trained. It must have been built
  // with this MF-NPE's prior (the same PriorPtr; ValueError otherwise).
  void set_pretrained(PosteriorEstimator estimator);
  Index append_simulations(const MatrixD& theta_hf, const MatrixD& x_hf);
  // Fine-tunes a copy of the pretrained estimator on all HF simulations appended so far.
  flows::FitResult train();
  std::shared_ptr<NpePosterior> posterior(const RowVectorD& x_o) const;
  // The pretrained estimator (ValueError before pretrain or set_pretrained).
  const PosteriorEstimator& pretrained() const;

 private:
  sim::PriorPtr prior_;
  MultifidelitySettings options_;
  SimulationData data_;
  std::shared_ptr<PosteriorEstimator> pretrained_, fine_tuned_;
};

}  // namespace sbi::inference
