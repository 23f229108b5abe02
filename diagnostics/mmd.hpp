// Maximum mean discrepancy between two samples, as sbibm computes it:
//   MMD²_u = 1/(m(m-1)) Σ_{i≠i'} k(a_i, a_i') + 1/(n(n-1)) Σ_{j≠j'} k(b_j, b_j')
//            - 2/(mn) Σ_{i,j} k(a_i, b_j),
// the unbiased estimator with a Gaussian kernel k(u, v) = exp(-‖u - v‖² / (2 h²)), where the
// bandwidth h is the median pairwise distance of the reference sample (the median heuristic).
#pragma once
#include "core/tensor.hpp"

namespace sbi::diagnostics {

// Median of the pairwise Euclidean distances ‖a_i - a_j‖, i < j (on at most `max_rows` rows,
// the first ones, to bound the cost: 2,000 rows give 2 million pairs).
double median_pairwise_distance(const MatrixD& a, Index max_rows = 2000);

// Unbiased MMD² with bandwidth h (> 0).
double mmd_squared_unbiased(const MatrixD& a, const MatrixD& b, double bandwidth);

// sbibm's MMD: unbiased MMD² with the median heuristic on the reference sample.
double mmd(const MatrixD& reference, const MatrixD& approximate);

}  // namespace sbi::diagnostics
