// An ensemble of ACE cost networks ("deep ensemble": the same simulations, K networks from
// different random initialisations and target draws).
//
// Member k learns ĉ_k(θ, t) ≈ c(θ, t) = E[d(x, t) | θ]. The ensemble's cost is
//   ĉ(θ, x_o) = m(θ) + λ·s(θ),   m = (1/K) Σ_k ĉ_k,   s² = 1/(K-1) Σ_k (ĉ_k - m)²,
// and the GBI posterior is p_β(θ) ∝ exp(-β·ĉ(θ, x_o))·p(θ).
//
// Why: exp(-β·ĉ) concentrates on the θ where the network's error is most negative (the
// optimizer's curse), the more so the larger β. Averaging K networks shrinks the part of that
// error that varies between initialisations by about 1/√K; λ > 0 (a pessimistic cost, one
// member-sd above the mean) also steers the posterior away from θ where members disagree,
// which is where a single network is least trustworthy. λ = 0 gives the plain average.
#pragma once
#include <functional>
#include <memory>
#include <vector>

#include "inference/ace.hpp"

namespace sbi::inference {

class AceEnsemble {
 public:
  // Trained (or loaded) members sharing one prior and distance; λ ≥ 0.
  explicit AceEnsemble(std::vector<Ace> members, double disagreement_penalty = 0);

  // Trains `members` cost networks on the same simulations and known observations (may be
  // empty). Member k uses options.seed and train.seed mixed with k; member 0 uses them
  // unchanged, so a one-member ensemble is exactly the single network Ace would train.
  // `results`, if given, receives each member's training record; `on_member(k)` is called
  // before member k trains (progress reporting). Each member releases its copy of the
  // simulations once trained (Ace::release_training_data), so the memory of the training data
  // is that of one member, not K.
  static AceEnsemble train(sim::PriorPtr prior, const PairDistance& distance, const AceSettings& options,
                           Index members, const MatrixD& theta, const MatrixD& x, const MatrixD& observations,
                           const nn::TrainSettings& train, std::vector<nn::TrainResult>* results = nullptr,
                           const std::function<void(Index)>& on_member = {});

  Index size() const { return static_cast<Index>(members_.size()); }
  const Ace& member(Index k) const;
  double disagreement_penalty() const { return penalty_; }
  void set_disagreement_penalty(double lambda);  // λ ≥ 0

  // ĉ_k(θ_i, x_o) for every θ row and member (n × K).
  MatrixD member_costs(const MatrixD& theta, const RowVectorD& x_o) const;
  // The members' mean m and sd s of ĉ at every θ row (s = 0 for one member): the two parts
  // of the ensemble cost.
  void mean_and_sd(const MatrixD& theta, const RowVectorD& x_o, VectorD& mean, VectorD& sd) const;
  // The ensemble cost m + λ·s for every θ row.
  VectorD cost(const MatrixD& theta, const RowVectorD& x_o) const;
  // The same as a reusable evaluator (no allocation once it has seen the largest batch).
  std::shared_ptr<AceCost> cost_function(const RowVectorD& x_o) const;
  // The GBI posterior exp(-β·ĉ(θ, x_o))·p(θ), sampled by MCMC; p is the members' prior unless
  // `prior` is given (a restricted prior the training simulations were drawn under).
  std::shared_ptr<McmcPosterior> posterior(const RowVectorD& x_o, double beta, const McmcSettings& mcmc = {},
                                           sim::PriorPtr prior = nullptr) const;

 private:
  std::vector<Ace> members_;
  double penalty_ = 0;
};

}  // namespace sbi::inference
