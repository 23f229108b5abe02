// Maximum-likelihood training of any conditional density estimator with nn's trainer:
//   loss = -(1/|B|) Σ_{i∈B} log q(y_i | c_i)
// with sbi's defaults (nn::TrainSettings: Adam lr 5e-4, batch 200, 10% validation, patience
// 20, best weights restored, gradient clipping at 5). Rows with a non-finite entry are
// dropped first (their number is reported); the z-scoring is fitted on the remaining rows.
#pragma once
#include "flows/density_estimator.hpp"
#include "nn/trainer.hpp"

namespace sbi::flows {

struct FitResult {
  nn::TrainResult train;
  Index dropped_rows = 0;  // rows with NaN/inf in y or the context
};

// context: n×context_dim (n×0 or empty when unconditional).
FitResult fit_estimator(ConditionalDensityEstimator& estimator, const MatrixF& y,
                        const MatrixF& context, const nn::TrainSettings& options = {},
                        bool fit_standardizers = true);

}  // namespace sbi::flows
