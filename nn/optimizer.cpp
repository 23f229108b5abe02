// Adam/AdamW (the update of nn/adam_math.hpp, shared with the GPU), gradient clipping and
// learning-rate schedules (see optimizer.hpp).
#include "nn/optimizer.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "nn/adam_math.hpp"

namespace sbi::nn {

Adam::Adam(ParamList params, const AdamSettings& options) : params_(std::move(params)), options_(options) {
  if (!(options.learning_rate > 0) || !(options.beta1 >= 0 && options.beta1 < 1) ||
      !(options.beta2 >= 0 && options.beta2 < 1) || !(options.eps >= 0) || !(options.weight_decay >= 0))
    throw ValueError("Adam: invalid options (lr=" + std::to_string(options.learning_rate) +
                     ", beta1=" + std::to_string(options.beta1) + ", beta2=" +
                     std::to_string(options.beta2) + ", eps=" + std::to_string(options.eps) +
                     ", weight_decay=" + std::to_string(options.weight_decay) + ")");
  for (const auto& p : params_) {
    m_.push_back(MatrixF::Zero(p.param->value.rows(), p.param->value.cols()));
    v_.push_back(MatrixF::Zero(p.param->value.rows(), p.param->value.cols()));
  }
}

namespace {
// The primitives of adam_math.hpp for Eigen array expressions.
struct AdamArrayOps {
  template <class A> static auto square(const A& g) { return g.square(); }
  template <class A> static auto sqrt(const A& v) { return v.sqrt(); }
};
}  // namespace

void Adam::step() {
  ++t_;
  const AdamCoefficients c =
      adam_coefficients(options_.learning_rate, options_.beta1, options_.beta2, options_.eps,
                        options_.weight_decay, options_.decoupled_weight_decay, t_);
  for (std::size_t i = 0; i < params_.size(); ++i) {
    auto value = params_[i].param->value.array();
    auto m = m_[i].array();
    auto v = v_[i].array();
    adam_update<AdamArrayOps>(value, m, v, params_[i].param->grad.array(), c);
  }
}

Adam make_adamw(ParamList params, double learning_rate, double weight_decay) {
  AdamSettings o;
  o.learning_rate = learning_rate;
  o.weight_decay = weight_decay;
  o.decoupled_weight_decay = true;
  return Adam(std::move(params), o);
}

double clip_gradient_norm(const ParamList& params, double max_norm) {
  double total = 0;
  for (const auto& p : params) total += double(p.param->grad.squaredNorm());  // float per tensor
  const double norm = std::sqrt(total);
  if (max_norm > 0 && norm > max_norm) {
    const float scale = static_cast<float>(max_norm / (norm + 1e-6));
    for (const auto& p : params) p.param->grad *= scale;
  }
  return norm;
}

double LearningRateSchedule::rate(double initial, int epoch) const {
  switch (kind) {
    case Kind::Constant: return initial;
    case Kind::Exponential: return initial * std::pow(gamma, double(epoch));
    case Kind::Step: return initial * std::pow(gamma, double(epoch / std::max(1, step_epochs)));
  }
  return initial;
}

}  // namespace sbi::nn
