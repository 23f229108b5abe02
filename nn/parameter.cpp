// Parameter registry, weight snapshots and gradient routing (see parameter.hpp).
#include "nn/parameter.hpp"

#include "core/errors.hpp"

namespace sbi::nn {

namespace {
thread_local int t_slot = -1;
thread_local bool t_no_grad = false;
}  // namespace

ad::Var Param::var(ad::Tape& tape) {
  if (t_no_grad) return tape.parameter(value);
  if (t_slot < 0) return tape.parameter(value, grad);
  // A parameter the trainer was not asked to train has no slots: it is a constant here.
  if (static_cast<std::size_t>(t_slot) >= slots.size()) return tape.parameter(value);
  return tape.parameter(value, slots[static_cast<std::size_t>(t_slot)]);
}

void Param::init_uniform(Rng& rng, double bound) {
  for (Index i = 0; i < value.size(); ++i)
    value.data()[i] = static_cast<float>(rng.uniform(-bound, bound));
  grad.setZero(value.rows(), value.cols());
}

ParamList Module::parameters() {
  ParamList out;
  collect_parameters("", out);
  return out;
}
Index Module::num_parameters() { return count_parameters(parameters()); }
void Module::zero_grad() { nn::zero_grad(parameters()); }

void zero_grad(const ParamList& params) {
  for (const auto& p : params) p.param->grad.setZero();
}

Index count_parameters(const ParamList& params) {
  Index n = 0;
  for (const auto& p : params) n += p.param->value.size();
  return n;
}

std::vector<ad::ParamRef> gradcheck_refs(const ParamList& params) {
  std::vector<ad::ParamRef> refs;
  for (const auto& p : params) refs.push_back({&p.param->value, &p.param->grad, p.name});
  return refs;
}

void WeightSnapshot::capture(const ParamList& params) {
  values_.resize(params.size());
  for (std::size_t i = 0; i < params.size(); ++i) values_[i] = params[i].param->value;
}

void WeightSnapshot::restore(const ParamList& params) const {
  if (params.size() != values_.size())
    throw ShapeError("WeightSnapshot::restore: snapshot has " + std::to_string(values_.size()) +
                     " parameters, the model " + std::to_string(params.size()));
  for (std::size_t i = 0; i < params.size(); ++i) {
    require_shape("WeightSnapshot::restore " + params[i].name, params[i].param->value,
                  values_[i].rows(), values_[i].cols());
    params[i].param->value = values_[i];
  }
}

GradientSlotScope::GradientSlotScope(int slot) : previous_(t_slot) { t_slot = slot; }
GradientSlotScope::~GradientSlotScope() { t_slot = previous_; }

NoGradScope::NoGradScope() : previous_(t_no_grad) { t_no_grad = true; }
NoGradScope::~NoGradScope() { t_no_grad = previous_; }

void prepare_gradient_slots(const ParamList& params, int slots) {
  for (const auto& np : params) {
    Param& p = *np.param;
    if (p.slots.size() < static_cast<std::size_t>(slots)) p.slots.resize(slots);
    for (int c = 0; c < slots; ++c) {
      MatrixF& s = p.slots[static_cast<std::size_t>(c)];
      if (s.rows() != p.value.rows() || s.cols() != p.value.cols())
        s.resize(p.value.rows(), p.value.cols());
      s.setZero();
    }
  }
}

void reduce_gradient_slots(const ParamList& params, int slots) {
  for (const auto& np : params)
    for (int c = 0; c < slots; ++c) np.param->grad += np.param->slots[static_cast<std::size_t>(c)];
}

}  // namespace sbi::nn
