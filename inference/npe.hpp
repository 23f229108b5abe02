// Neural posterior estimation (NPE; Papamakarios & Murray 2016, Greenberg et al. 2019): a
// conditional density estimator q_φ(θ | x) (MAF, NSF or MDN) trained by maximum likelihood on
// simulations, −Σ log q_φ(θ_i | x_i), which in the first round is the APT/NPE-C loss. The
// posterior for x_o is q_φ(θ | x_o) restricted to the prior's support: draws outside it
// ("leakage") are rejected, and the acceptance rate is reported and used to renormalise:
//   log p̂(θ | x_o) = log q_φ(θ | x_o) − log P_q(θ ∈ support)   (θ in the support; −∞ outside)
// When almost all the mass leaks (under 10⁻⁴ accepted over ≥ 10⁵ draws), the draws come from
// slice MCMC on log q_φ(θ | x_o) inside the support instead (the same density; mcmc/options.hpp's
// default settings), where sbi would go on rejecting.
// Optionally (ThetaSpace::unconstrained) the estimator models z = T⁻¹(θ), the prior's
// unconstrained coordinates (logit for a box prior, as the multifidelity-NPE reference's
// `logit_transform_theta`), and
//   log p̂(θ | x_o) = log q_φ(T⁻¹(θ) | x_o) − log|det ∂T/∂z| at z = T⁻¹(θ),
// with θ = T(z) for z ~ q_φ: no mass outside the support, so nothing is rejected.
#pragma once
#include <memory>
#include <string>

#include "flows/training.hpp"
#include "inference/posterior.hpp"
#include "inference/posterior_estimator.hpp"
#include "inference/simulation_data.hpp"

namespace sbi::inference {

struct NpeSettings {
  std::string estimator = "maf";  // maf | nsf | nsf_ar | mdn
  std::uint64_t seed = 0;
  ThetaSpace theta_space = ThetaSpace::constrained;  // sbi's default
  nn::EmbeddingSpec embedding;  // an embedding net of x before the flow (none: x itself)
};

class NpePosterior : public Posterior {
 public:
  NpePosterior(PosteriorEstimator estimator, RowVectorD x_o);
  Index dim() const override { return estimator_.theta_dim(); }
  std::string describe() const override { return "NPE posterior q(theta | x_o)"; }
  MatrixD sample(Index n, std::uint64_t seed) const override;
  VectorD log_prob(const MatrixD& theta) const override;
  bool normalized() const override { return true; }
  // P_q(θ ∈ support), estimated from 10,000 draws on first use (seeded, so reproducible);
  // 1 in the unconstrained space.
  double acceptance_rate() const;
  // Whether the last sample() drew by MCMC because rejection could not finish.
  bool sampled_by_mcmc() const { return sampled_by_mcmc_; }

 private:
  PosteriorEstimator estimator_;
  RowVectorD x_o_;
  MatrixF context_;
  mutable double acceptance_ = -1;
  mutable bool sampled_by_mcmc_ = false;
};

class Npe {
 public:
  Npe(sim::PriorPtr prior, NpeSettings options = {});
  Index append_simulations(const MatrixD& theta, const MatrixD& x);
  // sbi's defaults (nn::TrainSettings{}): Adam 5e-4, batch 200, patience 20, clip 5.
  flows::FitResult train(const nn::TrainSettings& options = {});
  std::shared_ptr<NpePosterior> posterior(const RowVectorD& x_o) const;

  void save(const std::string& path, const std::string& tag = "") const;
  static Npe load(const std::string& path, sim::PriorPtr prior, std::string* tag = nullptr);
  // The same from an archive already read from `path` (named in errors).
  static Npe from_archive(nn::ModelArchive archive, const std::string& path, sim::PriorPtr prior,
                          std::string* tag = nullptr);

  const SimulationData& data() const { return data_; }
  // The trained flow with its θ space (ValueError before train() or load()).
  const PosteriorEstimator& estimator() const;

 private:
  sim::PriorPtr prior_;
  NpeSettings options_;
  SimulationData data_;
  std::shared_ptr<PosteriorEstimator> estimator_;
};

// A trained posterior estimator as an NPE model file's archive (what Npe::save writes; Npe::load
// and `sbi sample` read it), e.g. the last round of SNPE-C.
nn::ModelArchive npe_model_archive(const PosteriorEstimator& estimator, const std::string& tag);

}  // namespace sbi::inference
