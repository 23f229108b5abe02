// Normalizing flows q̂(ŷ | f) = N(T(ŷ; f); 0, I) · |det ∂T/∂ŷ| with T a stack of transforms
// (data → noise), built from an EstimatorSettings of kind maf, nsf or nsf_ar
// (see estimator_config.hpp). Sampling draws z ~ N(0, I) and inverts the stack.
#pragma once
#include <memory>
#include <vector>

#include "flows/density_estimator.hpp"
#include "flows/transform.hpp"

namespace sbi::flows {

class Flow : public ConditionalDensityEstimator {
 public:
  Flow(const EstimatorSettings& config, Rng& rng);
  const std::vector<std::unique_ptr<Transform>>& transforms() const { return transforms_; }

  // Noise → standardized data and data → noise for given features (tests, diagnostics).
  MatrixF inverse_standardized(const MatrixF& z, const MatrixF& features);
  MatrixF forward_standardized(const MatrixF& y, const MatrixF& features);

 protected:
  ad::Var log_prob_standardized(ad::Tape& tape, ad::Var y, ad::Var features) override;
  MatrixF sample_standardized(const MatrixF& features, std::uint64_t seed, Index first_row) override;
  void collect_model_parameters(const std::string& prefix, nn::ParamList& out) override;

 private:
  std::vector<std::unique_ptr<Transform>> transforms_;
};

}  // namespace sbi::flows
