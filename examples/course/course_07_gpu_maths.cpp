// Course lesson 7: the maths written once for the CPU and the GPU (docs/course/07_gpu_maths.md).
// The per-element maths is written once, in SBI_HD functions (core/host_device.hpp): __host__
// __device__ under nvcc, plain inline C++ here; the CUDA kernels and the CPU both use it. So this
// program, built without a GPU or CUDA, runs the very functions the kernels run and holds them
// to the readable CPU references:
//   core/philox_stream.hpp     PhiloxStream      vs core/philox.hpp, core/rng.hpp  (bit for bit)
//   flows/rq_spline_math.hpp   rq_spline_forward vs flows/rq_spline.hpp            (double, float)
//   nn/adam_math.hpp           adam_update       vs nn::Adam::step (its Eigen instantiation)
//   nn/activation_math.hpp     activation_*      vs nn::activation_forward/_derivative (Eigen)
// Exercise (--check): uniform_at(seed, stream, i) computes the i-th uniform of a stream with ONE
// call of the Philox block function, as a GPU thread jumps into its stream; the check compares
// it with sbi::Rng bit for bit.
// Usage: course_07_gpu_maths [--fast] [--check]
#include <cmath>
#include <cstdio>
#include <vector>

#include <sbi/core/rng.hpp>
#include "course_check.hpp"
#include <sbi/core/philox_stream.hpp>
#include <sbi/flows/rq_spline.hpp>
#include <sbi/flows/rq_spline_math.hpp>
#include <sbi/nn/activation.hpp>
#include <sbi/nn/activation_math.hpp>
#include <sbi/nn/adam_math.hpp>
#include <sbi/nn/optimizer.hpp>

using namespace sbi;

namespace {

void philox_streams(course::Checks& checks, int words) {
  bool same_words = true, same_uniforms = true;
  for (std::uint64_t stream : {0ull, 1ull, 12345ull, 1ull << 40}) {
    Philox4x32 cpu(2026, stream);
    PhiloxStream gpu(2026, stream);
    for (int i = 0; i < words; ++i) same_words = same_words && cpu() == gpu.next_u32();
    Rng rng(7, stream);
    PhiloxStream gpu_u(7, stream);
    for (int i = 0; i < words; ++i) same_uniforms = same_uniforms && rng.uniform() == gpu_u.uniform();
  }
  checks.expect(same_words, "Philox: PhiloxStream gives the words of Philox4x32, bit for bit");
  checks.expect(same_uniforms, "Philox: PhiloxStream::uniform() equals Rng::uniform(), bit for bit");
}

void rq_spline(course::Checks& checks) {
  flows::SplineSettings options;  // 10 bins on [-3, 3]
  const flows::RqSplineShape& shape = options;  // the same settings, as the kernels receive them
  Rng rng(5, 0);
  std::vector<double> params(static_cast<std::size_t>(options.params_per_dim()));
  for (double& v : params) v = 2 * rng.normal();
  const std::vector<float> params_f(params.begin(), params.end());
  const flows::SplineKnots knots = flows::spline_knots(params, options);
  double worst_double = 0, worst_float = 0, worst_float_logdet = 0;
  for (double x = -3.5; x <= 3.5; x += 0.01) {
    const flows::SplineValue ref = flows::rq_spline_forward_reference(x, knots, options);
    const auto d = flows::rq_spline_forward(x, params.data(), shape);
    // The float version is compared at the float nearest x (the slope may reach ~100).
    const float xf = static_cast<float>(x);
    const auto f = flows::rq_spline_forward(xf, params_f.data(), shape);
    const flows::SplineValue ref_f = flows::rq_spline_forward_reference(double(xf), knots, options);
    worst_double = std::max({worst_double, std::abs(d.value - ref.value), std::abs(d.logdet - ref.logdet)});
    worst_float = std::max(worst_float, std::abs(f.value - ref_f.value) / (1 + std::exp(ref_f.logdet)));
    worst_float_logdet = std::max(worst_float_logdet, std::abs(f.logdet - ref_f.logdet));
  }
  // double: only the rounding order may differ. float: the knots carry float rounding of the
  // cumulative softmax, ~1e-6 in x, which moves y by ~1e-6·dy/dx (steep bins reach dy/dx ~ 100);
  // log dy/dx subtracts logs of nearly equal sums. We allow 2e-5·(1 + dy/dx) and 2e-4.
  checks.expect(worst_double < 1e-10, course::describe("RQ spline (double): max difference", worst_double, 0, 1e-10));
  checks.expect(worst_float < 2e-5, course::describe("RQ spline (float): max |y - y_ref| / (1 + dy/dx)", worst_float, 0, 2e-5));
  checks.expect(worst_float_logdet < 2e-4,
                course::describe("RQ spline (float): max |log det - ref|", worst_float_logdet, 0, 2e-4));
}

void adam(course::Checks& checks) {
  Rng rng(11, 0);
  nn::Param p(3, 4);
  p.init_uniform(rng, 1.0);
  nn::AdamSettings o;
  o.learning_rate = 1e-2;
  nn::Adam cpu({{"p", &p}}, o);
  std::vector<float> value(p.value.data(), p.value.data() + 12), m(12, 0.f), v(12, 0.f);
  for (long t = 1; t <= 25; ++t) {
    for (Index i = 0; i < 12; ++i) p.grad.data()[i] = static_cast<float>(rng.normal());
    cpu.step();
    const nn::AdamCoefficients c =
        nn::adam_coefficients(o.learning_rate, o.beta1, o.beta2, o.eps, o.weight_decay, o.decoupled_weight_decay, t);
    for (int i = 0; i < 12; ++i) nn::adam_update(value[i], m[i], v[i], p.grad.data()[i], c);
  }
  double worst = 0;
  for (int i = 0; i < 12; ++i) worst = std::max(worst, double(std::abs(value[i] - p.value.data()[i])));
  checks.expect(worst < 1e-6, course::describe("Adam: max |adam_update - nn::Adam| after 25 steps", worst, 0, 1e-6));
}

void activations(course::Checks& checks) {
  const int n = 2001;
  std::vector<float> z(n), g(n, 1.f), y(n), d(n);
  for (int i = 0; i < n; ++i) z[i] = static_cast<float>(-12.0 + 24.0 * i / (n - 1));
  double worst = 0;
  for (nn::Activation a : {nn::Activation::Relu, nn::Activation::Tanh, nn::Activation::Elu, nn::Activation::Silu,
                           nn::Activation::Sigmoid, nn::Activation::Softplus}) {
    nn::activation_forward(a, z.data(), y.data(), n);
    nn::activation_derivative(a, g.data(), y.data(), z.data(), d.data(), n);
    for (int i = 0; i < n; ++i) {
      const int code = static_cast<int>(a);
      // Relative to 1 + |value|: libm and Eigen's vectorised exp/tanh differ by a few ulps.
      const double forward = nn::activation_value(code, z[i]), backward = nn::activation_gradient(code, g[i], y[i], z[i]);
      worst = std::max(worst, std::abs(forward - y[i]) / (1 + std::abs(y[i])));
      worst = std::max(worst, std::abs(backward - d[i]) / (1 + std::abs(d[i])));
    }
  }
  checks.expect(worst < 2e-6, course::describe("activations: max relative difference", worst, 0, 2e-6));
}

// EXERCISE: U[0, 1) number i of stream (seed, stream) straight from the block function.
// Uniform i consumes words 2i and 2i + 1; block b holds words 4b..4b+3 and is
// philox4x32_10(counter = (b_lo, b_hi, stream_lo, stream_hi), key = (seed_lo, seed_hi));
// u = ((w_{2i} << 32 | w_{2i+1}) >> 11)·2⁻⁵³.
double uniform_at(std::uint64_t seed, std::uint64_t stream, std::uint64_t i) {
  const std::uint64_t block = i / 2;
  PhiloxBlock counter{{std::uint32_t(block), std::uint32_t(block >> 32), std::uint32_t(stream),
                             std::uint32_t(stream >> 32)}};
  const PhiloxBlock out = philox4x32_10(counter, std::uint32_t(seed), std::uint32_t(seed >> 32));
  const int first = static_cast<int>(2 * (i % 2));
  const std::uint64_t bits = std::uint64_t(out.v[first]) << 32 | out.v[first + 1];
  return double(bits >> 11) * 0x1.0p-53;
}

void exercise_check(course::Checks& checks, int count) {
  bool same = true;
  for (std::uint64_t stream : {0ull, 3ull, 1ull << 33}) {
    Rng rng(42, stream);
    for (int i = 0; i < count; ++i) same = same && uniform_at(42, stream, std::uint64_t(i)) == rng.uniform();
  }
  checks.expect(same, "exercise: uniform_at(seed, stream, i) equals the i-th Rng::uniform(), bit for bit");
}

}  // namespace

int main(int argc, char** argv) {
  const course::Args args = course::parse_args(argc, argv);
  course::Checks checks;
  std::printf("== lesson 7: the maths the GPU kernels run, against the CPU references (on the CPU) ==\n");
  const int words = args.fast ? 10000 : 1000000;
  philox_streams(checks, words);
  rq_spline(checks);
  adam(checks);
  activations(checks);
  if (args.check) exercise_check(checks, words);
  return checks.exit_code();
}
