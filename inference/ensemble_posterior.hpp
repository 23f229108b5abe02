// An equal-weight mixture of posterior estimates (e.g. an ensemble of NPE flows):
//   p̂(θ | x_o) = (1/M) Σ_m q_m(θ | x_o),   log p̂ = logsumexp_m log q_m − log M.
// Sampling: draw i picks member m_i uniformly from Rng(seed, 0) (draw i = the i-th pick), then
// member m's draws come from its own sample(count_m, derive_seed(seed, m + 1)) in order.
#pragma once
#include <memory>
#include <vector>

#include "inference/posterior.hpp"

namespace sbi::inference {

class EnsemblePosterior : public Posterior {
 public:
  explicit EnsemblePosterior(std::vector<std::shared_ptr<Posterior>> members);
  Index dim() const override { return members_.front()->dim(); }
  std::string describe() const override;
  MatrixD sample(Index n, std::uint64_t seed) const override;
  VectorD log_prob(const MatrixD& theta) const override;
  bool normalized() const override { return normalized_; }

  Index size() const { return static_cast<Index>(members_.size()); }
  const Posterior& member(Index m) const { return *members_.at(static_cast<std::size_t>(m)); }
  // candidates × members matrix of log q_m(θ | x_o).
  MatrixD member_log_probs(const MatrixD& theta) const;

 private:
  std::vector<std::shared_ptr<Posterior>> members_;
  bool normalized_ = true;
};

}  // namespace sbi::inference
