// Maximum-likelihood fitting of density estimators (see training.hpp).
#include "flows/training.hpp"

#include "core/errors.hpp"
#include "core/ops.hpp"

namespace sbi::flows {

FitResult fit_estimator(ConditionalDensityEstimator& est, const MatrixF& y, const MatrixF& context,
                        const nn::TrainSettings& options, bool fit_standardizers) {
  require_shape("fit_estimator: y", y, -1, est.y_dim());
  const bool conditional = est.context_dim() > 0;
  if (conditional) require_shape("fit_estimator: context", context, y.rows(), est.context_dim());
  std::vector<Index> keep;
  keep.reserve(static_cast<std::size_t>(y.rows()));
  for (Index i = 0; i < y.rows(); ++i) {
    bool finite = y.row(i).allFinite();
    if (conditional) finite = finite && context.row(i).allFinite();
    if (finite) keep.push_back(i);
  }
  FitResult result;
  result.dropped_rows = y.rows() - static_cast<Index>(keep.size());
  if (keep.size() < 2)
    throw ValueError("fit_estimator: " + std::to_string(keep.size()) + " finite rows of " +
                     std::to_string(y.rows()) + "; need at least 2");
  MatrixF ys = y, cs = conditional ? context : MatrixF(0, 0);
  if (result.dropped_rows > 0) {
    ys.resize(static_cast<Index>(keep.size()), y.cols());
    if (conditional) cs.resize(ys.rows(), context.cols());
    for (std::size_t r = 0; r < keep.size(); ++r) {
      ys.row(static_cast<Index>(r)) = y.row(keep[r]);
      if (conditional) cs.row(static_cast<Index>(r)) = context.row(keep[r]);
    }
  }
  if (fit_standardizers) est.fit_standardizers(ys, cs);
  std::vector<const MatrixF*> data{&ys};
  if (conditional) data.push_back(&cs);
  auto loss = [&est, conditional](ad::Tape& tape, const nn::Batch& batch) {
    ad::Var lp = est.log_prob(tape, batch.inputs[0], conditional ? batch.inputs[1] : ad::Var{});
    return ad::neg(ad::mean(lp));
  };
  result.train = nn::train(data, est.parameters(), loss, options);
  return result;
}

}  // namespace sbi::flows
