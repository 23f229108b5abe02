// The shared part of every conditional density estimator: z-scoring, embedding, batched
// evaluation, gradients, sampling and model files (see density_estimator.hpp).
#include "flows/density_estimator.hpp"
#include "core/stage_profile.hpp"

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "core/parallel.hpp"
#include "flows/column_ops.hpp"
#include "nn/dense_gemm.hpp"

namespace sbi::flows {

namespace {
constexpr Index kRowChunk = 256;  // fixed row chunks for parallel evaluation and sampling
}

ConditionalDensityEstimator::ConditionalDensityEstimator(const EstimatorSettings& config, Rng& rng)
    : config_(config), y_std_(config.y_dim), context_std_(config.context_dim) {
  config_.validate();
  embedding_ = nn::build_embedding(config_.embedding(), config_.context_dim, rng);
}

Index ConditionalDensityEstimator::feature_dim() const {
  return config_.embedding_out > 0 ? config_.embedding_out : config_.context_dim;
}

void ConditionalDensityEstimator::fit_standardizers(const MatrixF& y, const MatrixF& context) {
  require_shape("fit_standardizers: y", y, -1, y_dim());
  nn::Standardizer ys = nn::Standardizer::fit(y);
  nn::Standardizer cs(context_dim());
  if (context_dim() > 0) {
    require_shape("fit_standardizers: context", context, y.rows(), context_dim());
    cs = nn::Standardizer::fit(context);
  }
  set_standardizers(std::move(ys), std::move(cs));
}

void ConditionalDensityEstimator::set_standardizers(nn::Standardizer y, nn::Standardizer context) {
  if (y.dim() != y_dim() || context.dim() != context_dim())
    throw ShapeError("set_standardizers: expected dimensions " + std::to_string(y_dim()) + " and " +
                     std::to_string(context_dim()) + ", got " + std::to_string(y.dim()) + " and " +
                     std::to_string(context.dim()));
  y_std_ = std::move(y);
  context_std_ = std::move(context);
  log_sd_sum_ = static_cast<float>(y_std_.sd().array().log().sum());
}

void ConditionalDensityEstimator::check_context(const std::string& what, Index rows,
                                                Index cols) const {
  if (cols != context_dim())
    throw ShapeError(what + ": context has " + std::to_string(cols) + " columns, the estimator " +
                     "expects " + std::to_string(context_dim()) + " (rows " + std::to_string(rows) + ")");
}

Index ConditionalDensityEstimator::log_prob_rows(Index y_rows, Index y_cols, Index c_rows, Index c_cols) const {
  if (y_cols != y_dim())
    throw ShapeError("log_prob: y must have " + std::to_string(y_dim()) + " columns, got " + shape_str(y_rows, y_cols));
  if (context_dim() == 0) return y_rows;
  check_context("log_prob", c_rows, c_cols);
  const Index n = std::max(y_rows, c_rows);
  if ((y_rows != n && y_rows != 1) || (c_rows != n && c_rows != 1))
    throw ShapeError("log_prob: y has " + std::to_string(y_rows) + " rows and the context " + std::to_string(c_rows) +
                     "; they must match or one must be 1");
  return n;
}

ad::Var ConditionalDensityEstimator::features(ad::Tape& tape, ad::Var context) {
  if (context_dim() == 0) return {};
  ad::Var c = context_std_.forward(tape, context);
  return embedding_ ? embedding_->forward(tape, c) : c;
}

ad::Var ConditionalDensityEstimator::log_prob(ad::Tape& tape, ad::Var y, ad::Var context) {
  if (!y.valid()) throw ShapeError("log_prob: y must have " + std::to_string(y_dim()) + " columns, got none");
  if (context_dim() > 0 && !context.valid()) throw ValueError("log_prob: this estimator needs a context");
  const Index n = context_dim() > 0 ? log_prob_rows(y.rows(), y.cols(), context.rows(), context.cols())
                                    : log_prob_rows(y.rows(), y.cols(), 0, 0);
  if (context_dim() > 0) {
    context = repeat_rows(context, n);
    y = repeat_rows(y, n);
  }
  ad::Var y_std, features_std;
  {
    prof::StageScope scope(prof::Stage::Standardize);
    y_std = y_std_.forward(tape, y);
    features_std = features(tape, context);
  }
  ad::Var lp = log_prob_standardized(tape, y_std, features_std);
  return ad::add_scalar(lp, -log_sd_sum_);
}

VectorF ConditionalDensityEstimator::log_prob(const MatrixF& y, const MatrixF& context) {
  VectorF out(log_prob_rows(y.rows(), y.cols(), context.rows(), context.cols()));
  log_prob_into(y, context, out);
  return out;
}

void ConditionalDensityEstimator::log_prob_into(const Eigen::Ref<const MatrixF>& y,
                                                const Eigen::Ref<const MatrixF>& context,
                                                Eigen::Ref<VectorF> out) {
  const bool conditional = context_dim() > 0;
  const Index n = log_prob_rows(y.rows(), y.cols(), context.rows(), context.cols());
  if (out.rows() != n)
    throw ShapeError("log_prob_into: out has " + std::to_string(out.rows()) + " rows, expected " + std::to_string(n));
  parallel_for(n, kRowChunk, [&](Index b, Index e) {
    static thread_local ad::Tape tape;
    nn::NoGradScope no_grad;
    nn::SerialGemmScope serial;  // chunks run in parallel; their products on register tiles
    tape.reset();
    auto rows_of = [&](const Eigen::Ref<const MatrixF>& m) -> ad::Var {
      return m.rows() == 1 ? tape.constant(m) : tape.constant(m.middleRows(b, e - b));
    };
    ad::Var lp = log_prob(tape, rows_of(y), conditional ? rows_of(context) : ad::Var{});
    MapF v = lp.value();
    for (Index i = 0; i < v.rows(); ++i) out(b + i) = v(i, 0);
    if (v.rows() == 1 && e - b > 1) out.segment(b, e - b).setConstant(v(0, 0));
  });
}

ConditionalDensityEstimator::Gradients ConditionalDensityEstimator::log_prob_gradients(
    const MatrixF& y, const MatrixF& context) {
  require_shape("log_prob_gradients: y", y, -1, y_dim());
  const bool conditional = context_dim() > 0;
  if (conditional) check_context("log_prob_gradients", context.rows(), context.cols());
  nn::NoGradScope no_grad;
  ad::Tape tape;
  ad::Var yv = tape.variable(y);
  ad::Var cv = conditional ? tape.variable(context) : ad::Var{};
  ad::Var lp = log_prob(tape, yv, cv);
  Gradients g;
  g.log_prob = lp.value().col(0);
  tape.backward(lp, MatrixF::Ones(lp.rows(), 1));
  g.dy = yv.grad();
  g.dcontext = conditional ? MatrixF(cv.grad()) : MatrixF(y.rows(), 0);
  return g;
}

MatrixF ConditionalDensityEstimator::sample(Index n, const MatrixF& context_row, std::uint64_t seed) {
  if (context_dim() > 0) require_shape("sample: context", context_row, 1, context_dim());
  return sample_batched(n, context_dim() > 0 ? context_row : MatrixF(1, 0), seed);
}

MatrixF ConditionalDensityEstimator::sample_batched(Index n, const MatrixF& contexts,
                                                    std::uint64_t seed) {
  if (n < 0) throw ValueError("sample: n must be >= 0, got " + std::to_string(n));
  const bool conditional = context_dim() > 0;
  if (conditional) check_context("sample", contexts.rows(), contexts.cols());
  const Index m = conditional ? contexts.rows() : std::max<Index>(contexts.rows(), 1);
  const Index f = feature_dim();
  MatrixF feats(m, f);
  if (conditional) {
    nn::NoGradScope no_grad;
    ad::Tape tape;
    feats = features(tape, tape.constant(contexts)).value();
  }
  const Index total = m * n;
  MatrixF out(total, y_dim());
  parallel_for(total, kRowChunk, [&](Index b, Index e) {
    nn::SerialGemmScope serial;
    MatrixF chunk_features(e - b, f);
    for (Index r = b; r < e; ++r) chunk_features.row(r - b) = feats.row(r / n);
    out.middleRows(b, e - b) = sample_standardized(chunk_features, seed, b);
  });
  return y_std_.inverse(out);
}

void ConditionalDensityEstimator::collect_parameters(const std::string& prefix,
                                                     nn::ParamList& out) {
  if (embedding_) embedding_->collect_parameters(prefix + "embedding.", out);
  collect_model_parameters(prefix + "model.", out);
}

void ConditionalDensityEstimator::write_to(nn::ModelArchive& archive, const std::string& prefix) {
  archive.kind = kEstimatorKind;
  archive.architecture = config_.architecture().str();
  nn::add_parameters(archive, parameters(), prefix + "net.");
  y_std_.save_to(archive, prefix + "y_std.");
  if (context_dim() > 0) context_std_.save_to(archive, prefix + "context_std.");
}

void ConditionalDensityEstimator::read_from(const nn::ModelArchive& archive,
                                            const std::string& prefix) {
  nn::require_architecture(archive, kEstimatorKind, config_.architecture().str());
  nn::Standardizer ys = nn::Standardizer::load_from(archive, prefix + "y_std.", y_dim());
  nn::Standardizer cs(context_dim());
  if (context_dim() > 0) cs = nn::Standardizer::load_from(archive, prefix + "context_std.", context_dim());
  nn::read_parameters(archive, parameters(), prefix + "net.");
  set_standardizers(std::move(ys), std::move(cs));
}

void ConditionalDensityEstimator::save(const std::string& path) {
  nn::ModelArchive archive;
  write_to(archive);
  nn::save_archive(path, archive);
}

std::unique_ptr<ConditionalDensityEstimator> read_estimator(const nn::ModelArchive& archive,
                                                            const std::string& prefix) {
  if (archive.kind != kEstimatorKind)
    throw IOError("read_estimator: " + (archive.source.empty() ? std::string("archive") : archive.source) +
                  " holds a '" + archive.kind + "', not a " + kEstimatorKind);
  const EstimatorSettings config =
      EstimatorSettings::from_architecture(nn::Architecture::parse(archive.architecture));
  auto estimator = build_estimator(config);
  estimator->read_from(archive, prefix);
  return estimator;
}

std::unique_ptr<ConditionalDensityEstimator> load_estimator(const std::string& path) {
  return read_estimator(nn::load_archive(path));
}

}  // namespace sbi::flows
