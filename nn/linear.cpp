// Linear and MaskedLinear layers (see linear.hpp).
#include "nn/linear.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/ops.hpp"
#include "core/stage_profile.hpp"
#include "nn/linear_op.hpp"

namespace sbi::nn {

namespace {
void init_dense(Param& weight, Param& bias, Index in, Index out, Rng& rng) {
  if (in < 1 || out < 1)
    throw ValueError("Linear: sizes must be positive, got in=" + std::to_string(in) +
                     ", out=" + std::to_string(out));
  const double bound = 1.0 / std::sqrt(double(in));
  weight = Param(out, in);
  bias = Param(1, out);
  weight.init_uniform(rng, bound);
  bias.init_uniform(rng, bound);
}
}  // namespace

Linear::Linear(Index in, Index out, Rng& rng) { init_dense(weight, bias, in, out, rng); }

ad::Var Linear::forward(ad::Tape& tape, ad::Var x, Activation act) {
  ad::Var w = weight.var(tape), b = bias.var(tape);
  return fused_ ? linear(x, w, b, act) : linear_reference(x, w, b, act);
}

ad::Var Linear::forward_add(ad::Tape& tape, ad::Var x, ad::Var skip) {
  ad::Var w = weight.var(tape), b = bias.var(tape);
  return fused_ ? linear_add(x, w, b, skip) : ad::add(skip, linear_reference(x, w, b));
}

void Linear::collect_parameters(const std::string& prefix, ParamList& out) {
  out.push_back({prefix + "weight", &weight});
  out.push_back({prefix + "bias", &bias});
}

MaskedLinear::MaskedLinear(const MatrixF& mask, Rng& rng) : mask_(mask) {
  for (Index i = 0; i < mask.size(); ++i)
    if (mask.data()[i] != 0.f && mask.data()[i] != 1.f)
      throw ValueError("MaskedLinear: mask entries must be 0 or 1, found " +
                       std::to_string(mask.data()[i]) + " at flat index " + std::to_string(i));
  init_dense(weight, bias, mask.cols(), mask.rows(), rng);
}

ad::Var MaskedLinear::forward(ad::Tape& tape, ad::Var x, Activation act, ad::Var skip) {
  ad::Var w = weight.var(tape), b = bias.var(tape);
  if (fused_) return masked_linear(x, w, mask_, b, act, skip);  // mask_ outlives the step
  ad::Var masked;
  {
    prof::StageScope scope(prof::Stage::Mask);
    masked = ad::mul_mask(w, mask_, ad::MaskStorage::Borrow);
  }
  return linear_reference(x, masked, b, act, skip);
}

void MaskedLinear::collect_parameters(const std::string& prefix, ParamList& out) {
  out.push_back({prefix + "weight", &weight});
  out.push_back({prefix + "bias", &bias});
}

}  // namespace sbi::nn
