// The conditional density estimator interface shared by MAF, NSF and MDN: q(y | context).
//
// Built in: per-dimension z-scoring of y and of the context (nn::Standardizer; identity until
// fitted) and an optional embedding net for the z-scored context. With ŷ = (y - m_y)/s_y,
//   log q(y | c) = log q̂(ŷ | e(ĉ)) - Σ_j log s_y,j.
// The subclass supplies log q̂ on the tape and a sampler in standardized units.
//
// Entry points:
//  - log_prob(tape, y, context): a tape function (n×1), differentiable w.r.t. y, the context
//    (NLE's MCMC needs d/dθ) and the parameters. Either y or context may have one row, which
//    is then repeated to the other's row count. context: an empty Var when unconditional.
//  - log_prob(y, context): plain evaluation of many rows (parallel in fixed row chunks);
//    log_prob_into writes them into a caller-sized vector and, once the per-thread tapes have
//    grown, allocates nothing (NLE's MCMC potential).
//  - log_prob_gradients(y, context): values and ∂/∂y, ∂/∂context.
//  - sample(n, context_row, seed), sample_batched(n, contexts, seed): sample row r (counting
//    over all contexts) uses the stream Rng(seed, r), so results do not depend on threads.
// Unconditional estimators take context matrices with 0 columns.
#pragma once
#include <memory>

#include "core/tape.hpp"
#include "flows/estimator_config.hpp"
#include "nn/embedding_spec.hpp"
#include "nn/standardizer.hpp"

namespace sbi::flows {

class ConditionalDensityEstimator : public nn::Module {
 public:
  ConditionalDensityEstimator(const EstimatorSettings& config, Rng& rng);

  const EstimatorSettings& config() const { return config_; }
  Index y_dim() const { return config_.y_dim; }
  Index context_dim() const { return config_.context_dim; }
  // Columns the estimator itself sees: the embedding's output, else the context dimension.
  Index feature_dim() const;

  void fit_standardizers(const MatrixF& y, const MatrixF& context);
  void set_standardizers(nn::Standardizer y, nn::Standardizer context);
  const nn::Standardizer& y_standardizer() const { return y_std_; }
  const nn::Standardizer& context_standardizer() const { return context_std_; }

  ad::Var log_prob(ad::Tape& tape, ad::Var y, ad::Var context);
  VectorF log_prob(const MatrixF& y, const MatrixF& context);
  // out: as many rows as y or the context (the larger; the other may have one row).
  void log_prob_into(const Eigen::Ref<const MatrixF>& y, const Eigen::Ref<const MatrixF>& context,
                     Eigen::Ref<VectorF> out);
  struct Gradients {
    VectorF log_prob;
    MatrixF dy, dcontext;  // n×y_dim, n×context_dim (rows of y's and context's shapes)
  };
  Gradients log_prob_gradients(const MatrixF& y, const MatrixF& context);

  MatrixF sample(Index n, const MatrixF& context_row, std::uint64_t seed);
  // contexts: m×context_dim (m×0 when unconditional) → (m·n)×y_dim, context i's samples in
  // rows [i·n, (i+1)·n).
  MatrixF sample_batched(Index n, const MatrixF& contexts, std::uint64_t seed);

  void collect_parameters(const std::string& prefix, nn::ParamList& out) override;

  // Model files (kind "density_estimator"): architecture, weights and both standardizers.
  void save(const std::string& path);
  void write_to(nn::ModelArchive& archive, const std::string& prefix = "");
  void read_from(const nn::ModelArchive& archive, const std::string& prefix = "");

 protected:
  // log q̂(ŷ | features) in standardized units, n×1; features: n×feature_dim or empty.
  virtual ad::Var log_prob_standardized(ad::Tape& tape, ad::Var y, ad::Var features) = 0;
  // Samples in standardized units for `features` (rows×feature_dim, or rows×0); row i of
  // the result uses Rng(seed, first_row + i).
  virtual MatrixF sample_standardized(const MatrixF& features, std::uint64_t seed,
                                      Index first_row) = 0;
  virtual void collect_model_parameters(const std::string& prefix, nn::ParamList& out) = 0;
  // The z-scored (and embedded) context the estimator sees; an empty Var when unconditional.
  ad::Var features(ad::Tape& tape, ad::Var context);

 private:
  void check_context(const std::string& what, Index rows, Index cols) const;
  // Rows of log_prob's result for y (y_rows × y_dim) and a context (c_rows × context_dim; ignored
  // when unconditional): the larger count, the other side having it or one row. ShapeError else.
  Index log_prob_rows(Index y_rows, Index y_cols, Index c_rows, Index c_cols) const;
  EstimatorSettings config_;
  nn::Standardizer y_std_, context_std_;
  std::unique_ptr<nn::Embedding> embedding_;
  float log_sd_sum_ = 0.f;
};

// Builds the estimator described by `config` (weights initialised from Rng(config.seed)).
std::unique_ptr<ConditionalDensityEstimator> build_estimator(const EstimatorSettings& config);
std::unique_ptr<ConditionalDensityEstimator> load_estimator(const std::string& path);
std::unique_ptr<ConditionalDensityEstimator> read_estimator(const nn::ModelArchive& archive,
                                                            const std::string& prefix = "");
inline constexpr const char* kEstimatorKind = "density_estimator";

}  // namespace sbi::flows
