// Tape-free log-density of a trained flow (see flow_evaluator.hpp).
#include "flows/flow_evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/errors.hpp"
#include "flows/fast_transforms.hpp"
#include "flows/flow.hpp"

namespace sbi::flows {

std::unique_ptr<FlowEvaluator> FlowEvaluator::build(const ConditionalDensityEstimator& estimator) {
  const auto* flow = dynamic_cast<const Flow*>(&estimator);
  if (!flow || estimator.config().embedding_out > 0) return nullptr;
  std::unique_ptr<FlowEvaluator> e(new FlowEvaluator());
  for (const auto& t : flow->transforms()) {
    auto fast = make_fast_transform(*t);
    if (!fast) return nullptr;
    e->layers_.push_back(std::move(fast));
  }
  e->y_dim_ = estimator.y_dim();
  e->context_dim_ = estimator.context_dim();
  // The standardizers' float shift and scale, as Standardizer::forward applies them.
  const nn::Standardizer& ys = estimator.y_standardizer();
  const nn::Standardizer& cs = estimator.context_standardizer();
  e->y_mean_ = ys.mean().row(0).cast<float>();
  e->y_inv_sd_ = ys.sd().row(0).cwiseInverse().cast<float>();
  e->c_mean_ = cs.mean().row(0).cast<float>();
  e->c_inv_sd_ = cs.sd().row(0).cwiseInverse().cast<float>();
  e->log_sd_sum_ = static_cast<float>(ys.sd().array().log().sum());
  return e;
}

void FlowEvaluator::reserve(Index rows) {
  if (rows <= reserved_) return;
  const Index n = nn::padded_rows(rows);
  z_.reserve(n, y_dim_);
  features_.reserve(n, std::max<Index>(context_dim_, 1));
  logdet_.assign(static_cast<std::size_t>(n), 0.f);
  for (auto& layer : layers_) layer->reserve(rows);
  reserved_ = rows;
}

void FlowEvaluator::standardize(const Eigen::Ref<const MatrixF>& m, Index rows, const RowVectorF& mean,
                                const RowVectorF& inv_sd, nn::RowBuffer& into) const {
  const Index cols = mean.cols();
  for (Index r = 0; r < rows; ++r) {
    const Index src = m.rows() == 1 ? 0 : r;
    for (Index j = 0; j < cols; ++j) into.data()[r * into.ld() + j] = (m(src, j) - mean[j]) * inv_sd[j];
  }
}

void FlowEvaluator::log_prob_into(const Eigen::Ref<const MatrixF>& y, const Eigen::Ref<const MatrixF>& context,
                                  Eigen::Ref<VectorF> out) {
  const Index n = out.rows();
  if (y.cols() != y_dim_ || (y.rows() != n && y.rows() != 1))
    throw ShapeError("FlowEvaluator: y is " + shape_of(y) + ", expected " + std::to_string(n) + " (or 1) rows of " +
                     std::to_string(y_dim_));
  if (context_dim_ > 0 && (context.cols() != context_dim_ || (context.rows() != n && context.rows() != 1)))
    throw ShapeError("FlowEvaluator: the context is " + shape_of(context) + ", expected " + std::to_string(n) +
                     " (or 1) rows of " + std::to_string(context_dim_));
  // Large batches (the SIR start's 10⁴ candidates) run in chunks: buffers stay small and in cache.
  for (Index b = 0; b < n; b += kChunkRows) {
    const Index rows = std::min(kChunkRows, n - b);
    auto part = [&](const Eigen::Ref<const MatrixF>& m) -> Eigen::Ref<const MatrixF> {
      if (m.rows() == 1 || m.cols() == 0) return m;  // a broadcast row, or no context
      return m.middleRows(b, rows);
    };
    log_prob_chunk(part(y), part(context), out.segment(b, rows));
  }
}

void FlowEvaluator::log_prob_chunk(const Eigen::Ref<const MatrixF>& y, const Eigen::Ref<const MatrixF>& context,
                                   Eigen::Ref<VectorF> out) {
  const Index n = out.rows();
  reserve(n);
  standardize(y, n, y_mean_, y_inv_sd_, z_);
  const float* f = nullptr;
  if (context_dim_ > 0) {
    standardize(context, n, c_mean_, c_inv_sd_, features_);
    f = features_.data();
  }
  std::fill(logdet_.begin(), logdet_.begin() + n, 0.f);
  for (auto& layer : layers_) layer->forward(z_.data(), z_.ld(), n, f, features_.ld(), logdet_.data());
  const float c = -0.5f * static_cast<float>(y_dim_) * static_cast<float>(std::log(2 * std::numbers::pi));
  for (Index r = 0; r < n; ++r) {
    float sq = 0.f;
    for (Index j = 0; j < y_dim_; ++j) sq += z_.data()[r * z_.ld() + j] * z_.data()[r * z_.ld() + j];
    out(r) = ((sq * -0.5f + c) + logdet_[static_cast<std::size_t>(r)]) - log_sd_sum_;
  }
}

}  // namespace sbi::flows
