// The GPU potential and batched sampler (see batched_sampler.hpp).
#include "cuda/batched_sampler.hpp"

#include <cmath>
#include <string>

#include "core/errors.hpp"
#include "cuda/error.hpp"

namespace sbi::cuda {

namespace {
template <class T>
void upload_vector(DeviceBuffer<T>& buffer, const std::vector<T>& values) {
  buffer.resize(values.size());
  if (!values.empty()) buffer.upload(values.data(), values.size());
}
}  // namespace

CostPotential::CostPotential(const Mlp& network, const CostPotentialSpec& spec) {
  const nn::MLPSettings& cfg = network.config();
  const Index theta_dim = static_cast<Index>(spec.lower.size());
  if (cfg.out != 1)
    throw ShapeError("cuda::CostPotential: the cost network must have one output, it has " +
                     std::to_string(cfg.out));
  if (theta_dim < 1 || theta_dim > kMaxThetaDim || spec.upper.size() != spec.lower.size())
    throw ShapeError("cuda::CostPotential: prior bounds must have the same length in [1, " +
                     std::to_string(kMaxThetaDim) + "], got " + std::to_string(spec.lower.size()) +
                     " lower and " + std::to_string(spec.upper.size()) + " upper");
  if (theta_dim + Index(spec.context.size()) != cfg.in)
    throw ShapeError("cuda::CostPotential: θ dim " + std::to_string(theta_dim) + " + context " +
                     std::to_string(spec.context.size()) + " must equal the network input " +
                     std::to_string(cfg.in));
  for (const auto* v : {&spec.input_shift, &spec.input_scale})
    if (!v->empty() && Index(v->size()) != cfg.in)
      throw ShapeError("cuda::CostPotential: input shift/scale need " + std::to_string(cfg.in) +
                       " values, got " + std::to_string(v->size()));
  for (std::size_t i = 0; i < spec.lower.size(); ++i)
    if (!(spec.lower[i] < spec.upper[i]))
      throw ValueError("cuda::CostPotential: prior bound " + std::to_string(i) + " has lower " +
                       std::to_string(spec.lower[i]) + " >= upper " + std::to_string(spec.upper[i]));
  upload_vector(context_, spec.context);
  upload_vector(shift_, spec.input_shift);
  upload_vector(scale_, spec.input_scale);
  upload_vector(lower_, spec.lower);
  upload_vector(upper_, spec.upper);
  view_.net = network.view();
  view_.theta_dim = static_cast<int>(theta_dim);
  view_.context_dim = static_cast<int>(spec.context.size());
  view_.context = context_.data();
  view_.input_shift = spec.input_shift.empty() ? nullptr : shift_.data();
  view_.input_scale = spec.input_scale.empty() ? nullptr : scale_.data();
  view_.out_scale = spec.out_scale;
  view_.beta = spec.beta;
  view_.lower = lower_.data();
  view_.upper = upper_.data();
}

VectorD CostPotential::log_density(const MatrixD& theta, Stream& stream) const {
  require_shape("cuda::CostPotential::log_density θ", theta, -1, view_.theta_dim);
  DeviceBuffer<double> d_theta(std::size_t(theta.size())), d_out(std::size_t(theta.rows()));
  d_theta.upload(theta.data(), std::size_t(theta.size()));
  kernels::cost_log_density(view_, d_theta.data(), d_out.data(), static_cast<int>(theta.rows()),
                            stream.get());
  stream.synchronize();
  VectorD out(theta.rows());
  d_out.download(out.data(), std::size_t(theta.rows()));
  return out;
}

BatchedSampler::BatchedSampler(const CostPotential& potential, const MatrixD& init,
                               StepMethod method, const RowVectorD& scale, std::uint64_t seed,
                               Stream& stream)
    : potential_(&potential), stream_(&stream), method_(method), chains_(init.rows()),
      dim_(potential.theta_dim()) {
  require_shape("cuda::BatchedSampler init", init, -1, dim_);
  require_shape("cuda::BatchedSampler scale", scale, 1, dim_);
  if (chains_ < 1) throw ShapeError("cuda::BatchedSampler: no chains (init has 0 rows)");
  for (Index d = 0; d < dim_; ++d)
    if (!(scale[d] > 0) || !std::isfinite(scale[d]))
      throw ValueError("cuda::BatchedSampler: scale of dimension " + std::to_string(d) +
                       " must be positive and finite, got " + std::to_string(scale[d]));
  const std::size_t n = std::size_t(chains_), nd = std::size_t(chains_ * dim_);
  x_.resize(nd);
  x_.upload(init.data(), nd);
  MatrixD scales = scale.replicate(chains_, 1);
  scale_.resize(nd);
  scale_.upload(scales.data(), nd);
  logp_.resize(n);
  rng_.resize(n);
  accepted_.resize(n);
  evaluations_.resize(n);
  accepted_.fill_zero(stream.get());
  evaluations_.fill_zero(stream.get());
  kernels::cost_log_density(potential.view(), x_.data(), logp_.data(), static_cast<int>(chains_),
                            stream.get());
  kernels::init_chain_streams(rng_.data(), static_cast<int>(chains_), seed, 0, stream.get());
  stream.synchronize();
  const std::vector<double> logp = logp_.to_host();
  for (std::size_t c = 0; c < n; ++c)
    if (!std::isfinite(logp[c]))
      throw ValueError("cuda::BatchedSampler: chain " + std::to_string(c) +
                       " starts where the log-density is " + std::to_string(logp[c]) +
                       " (outside the prior box or a non-finite cost)");
}

void BatchedSampler::set_slice_limits(int max_step_out, int max_shrink) {
  if (max_step_out < 1 || max_shrink < 1)
    throw ValueError("cuda::BatchedSampler: slice limits must be >= 1, got step-out " +
                     std::to_string(max_step_out) + ", shrink " + std::to_string(max_shrink));
  max_step_out_ = max_step_out;
  max_shrink_ = max_shrink;
}

void BatchedSampler::run(int steps, int thin, DeviceBuffer<double>* draws) {
  if (steps < 0 || thin < 1)
    throw ValueError("cuda::BatchedSampler::run: steps must be >= 0 and thin >= 1, got " +
                     std::to_string(steps) + " and " + std::to_string(thin));
  if (steps == 0) return;
  double* out = nullptr;
  if (draws != nullptr) {
    const std::size_t need = std::size_t(steps / thin) * std::size_t(chains_ * dim_);
    if (draws->size() < need)
      throw ShapeError("cuda::BatchedSampler::run: draws buffer holds " +
                       std::to_string(draws->size()) + " values, " + std::to_string(need) +
                       " needed");
    out = draws->data();
  }
  kernels::ChainBlock b;
  b.x = x_.data();
  b.logp = logp_.data();
  b.rng = rng_.data();
  b.scale = scale_.data();
  b.accepted = accepted_.data();
  b.evaluations = evaluations_.data();
  b.chains = static_cast<int>(chains_);
  b.dim = static_cast<int>(dim_);
  kernels::sample_chains(potential_->view(), b, method_, steps, thin, max_step_out_, max_shrink_,
                         out, stream_->get());
  steps_done_ += std::uint64_t(steps);
}

MatrixD BatchedSampler::sample(int warmup_steps, int draws_per_chain, int thin) {
  if (draws_per_chain < 1)
    throw ValueError("cuda::BatchedSampler::sample: draws_per_chain must be >= 1, got " +
                     std::to_string(draws_per_chain));
  run(warmup_steps);
  DeviceBuffer<double> draws(std::size_t(draws_per_chain) * std::size_t(chains_ * dim_));
  run(draws_per_chain * thin, thin, &draws);
  stream_->synchronize();
  MatrixD out(Index(draws_per_chain) * chains_, dim_);
  draws.download(out.data(), std::size_t(out.size()));
  return out;
}

MatrixD BatchedSampler::state() const {
  stream_->synchronize();
  MatrixD out(chains_, dim_);
  x_.download(out.data(), std::size_t(out.size()));
  return out;
}

double BatchedSampler::acceptance_rate() const {
  stream_->synchronize();
  const std::vector<unsigned long long> a = accepted_.to_host();
  double total = 0;
  for (auto v : a) total += double(v);
  return steps_done_ == 0 ? 0.0 : total / (double(steps_done_) * double(chains_));
}

std::uint64_t BatchedSampler::evaluations() const {
  stream_->synchronize();
  std::uint64_t total = 0;
  for (auto v : evaluations_.to_host()) total += v;
  return total;
}

}  // namespace sbi::cuda
