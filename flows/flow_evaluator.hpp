// Tape-free log q(y | context) of a trained flow, for the MCMC potentials of NLE: the same
// function as ConditionalDensityEstimator::log_prob, evaluated on small batches (one row per
// chain) many thousands of times without a tape.
//
// Built ONCE from a Flow (a snapshot of its weights: later training does not reach it): every
// MADE mask is multiplied into its weight, weights are transposed and padded (nn::DenseRows), the
// standardizers' float shift and scale and Σ_j log s_y,j are kept. log_prob_into then runs
//   ŷ = (y − m_y)·(1/s_y),  f = (c − m_c)·(1/s_c),
//   z = T_L ∘ … ∘ T_1(ŷ; f),  log q = −½|z|² − (D/2) log 2π + Σ_l log|det ∂T_l| − Σ_j log s_y,j
// through per-layer buffers that grow to the largest batch seen (at most 256 rows: larger
// batches run in chunks) and then never allocate.
// Covered layers: MADE-affine (maf), MADE-spline (nsf_ar), spline coupling with its
// ResidualNet (nsf), LU-linear and permutations. build() returns nullptr for anything else
// (MDN, an embedding net), and callers keep the tape path.
//
// The tape path stays the reference. Products here sum in a different order than Eigen's
// GEMM (and the spline uses the knot-free formulas of rq_spline_math.hpp), so the two agree to
// float rounding: each product of k terms differs by at most ~k·2⁻²⁴·Σ|x_k w_k|
// (tests/flows/test_flow_evaluator.cpp holds them within 2·10⁻⁵·(1 + |log q|)).
// Not thread-safe: one evaluator per potential, called by one sampler at a time.
#pragma once
#include <memory>
#include <vector>

#include "nn/dense_rows.hpp"
#include "flows/density_estimator.hpp"

namespace sbi::flows {

// One flow layer, data → noise, in place on padded row buffers.
class FastTransform {
 public:
  virtual ~FastTransform() = default;
  virtual void reserve(Index rows) = 0;
  // z: padded_rows(rows)×D with stride ldz, transformed in place; logdet[r] += log|det| of row
  // r; features: stride ldf (nullptr when unconditional).
  virtual void forward(float* z, Index ldz, Index rows, const float* features, Index ldf,
                       float* logdet) = 0;
};

class FlowEvaluator {
 public:
  // nullptr when `estimator` is not a flow made only of the covered layers.
  static std::unique_ptr<FlowEvaluator> build(const ConditionalDensityEstimator& estimator);

  Index y_dim() const { return y_dim_; }
  Index context_dim() const { return context_dim_; }
  // Grows every buffer to `rows` rows (log_prob_into does it on demand, to at most 256 rows:
  // larger batches run in chunks of 256).
  void reserve(Index rows);
  // out(i) = log q(y_i | context_i). y and the context may each have one row (used for every
  // row) or out.rows() rows; the context has 0 columns when unconditional.
  void log_prob_into(const Eigen::Ref<const MatrixF>& y, const Eigen::Ref<const MatrixF>& context,
                     Eigen::Ref<VectorF> out);

 private:
  FlowEvaluator() = default;
  static constexpr Index kChunkRows = 256;
  void log_prob_chunk(const Eigen::Ref<const MatrixF>& y, const Eigen::Ref<const MatrixF>& context,
                      Eigen::Ref<VectorF> out);
  void standardize(const Eigen::Ref<const MatrixF>& m, Index rows, const RowVectorF& mean,
                   const RowVectorF& inv_sd, nn::RowBuffer& into) const;

  Index y_dim_ = 0, context_dim_ = 0, reserved_ = 0;
  RowVectorF y_mean_, y_inv_sd_, c_mean_, c_inv_sd_;
  float log_sd_sum_ = 0.f;
  std::vector<std::unique_ptr<FastTransform>> layers_;
  nn::RowBuffer z_, features_;
  std::vector<float> logdet_;
};

}  // namespace sbi::flows
