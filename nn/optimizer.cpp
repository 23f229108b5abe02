// Adam/AdamW, gradient clipping and learning-rate schedules (see optimizer.hpp).
#include "nn/optimizer.hpp"

#include <cmath>

#include "core/errors.hpp"

namespace sbi::nn {

Adam::Adam(ParamList params, const AdamOptions& options) : params_(std::move(params)), options_(options) {
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

void Adam::step() {
  ++t_;
  const double b1 = options_.beta1, b2 = options_.beta2;
  const double correction1 = 1.0 - std::pow(b1, double(t_));
  const double correction2 = 1.0 - std::pow(b2, double(t_));
  const float step_size = static_cast<float>(options_.learning_rate / correction1);
  const float inv_sqrt_c2 = static_cast<float>(1.0 / std::sqrt(correction2));
  const float eps = static_cast<float>(options_.eps);
  const float wd = static_cast<float>(options_.weight_decay);
  const float decay = static_cast<float>(1.0 - options_.learning_rate * options_.weight_decay);
  const float fb1 = static_cast<float>(b1), fb2 = static_cast<float>(b2);
  const float c1 = static_cast<float>(1.0 - b1), c2 = static_cast<float>(1.0 - b2);
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Param& p = *params_[i].param;
    auto value = p.value.array();
    auto m = m_[i].array();
    auto v = v_[i].array();
    if (wd > 0 && options_.decoupled_weight_decay) value *= decay;
    if (wd > 0 && !options_.decoupled_weight_decay) {
      const auto g = p.grad.array() + wd * value;
      m = fb1 * m + c1 * g;
      v = fb2 * v + c2 * g.square();
    } else {
      const auto g = p.grad.array();
      m = fb1 * m + c1 * g;
      v = fb2 * v + c2 * g.square();
    }
    value -= step_size * m / (v.sqrt() * inv_sqrt_c2 + eps);
  }
}

Adam make_adamw(ParamList params, double learning_rate, double weight_decay) {
  AdamOptions o;
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
