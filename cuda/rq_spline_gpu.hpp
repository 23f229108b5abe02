// Rational-quadratic spline transforms on the GPU (the elementwise part of an NSF layer): for
// rows × dims inputs and per-element spline parameters (rows × dims·(3K-1)), the transformed
// values and per-row log-determinants, one thread per row (flows/rq_spline_math.hpp).
#pragma once
#include "core/tensor.hpp"
#include "cuda/kernels.hpp"
#include "cuda/stream.hpp"

namespace sbi::cuda {

struct SplineResult {
  MatrixF value;   // rows × dims
  VectorF logdet;  // rows: Σ_d log|∂out/∂in|
};

// Host convenience (synchronising): forward (inverse = false) or inverse spline.
SplineResult rq_spline_gpu(const MatrixF& in, const MatrixF& params, const RqSplineShape& shape,
                           bool inverse, Stream& stream);

}  // namespace sbi::cuda
