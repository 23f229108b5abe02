// GPU tests of cuda::Mlp against nn::MLP (forward values, parameter gradients for a given
// dL/dY, and a full MSE + Adam training step), for the fused and the unfused kernels, and of the
// GPU spline kernel against the shared spline math. Float tolerances: the GPU sums products in
// a different order (cuBLAS), so values agree to ~1e-5 relative. Skipped without a GPU.
#include <doctest/doctest.h>

#if SBI_HAVE_CUDA
#include <cmath>

#include "core/ops.hpp"
#include "core/rng.hpp"
#include "cuda/mlp.hpp"
#include "cuda/rq_spline_gpu.hpp"
#include "gpu_test_support.hpp"

using namespace sbi;

namespace {
MatrixF random_matrix(Index r, Index c, Rng& rng) {
  MatrixF m(r, c);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.normal());
  return m;
}
// max |a - b| / (1 + max |b|)
double rel_error(const MatrixF& a, const MatrixF& b) {
  return double((a - b).cwiseAbs().maxCoeff()) / (1.0 + double(b.cwiseAbs().maxCoeff()));
}
}  // namespace

TEST_CASE("cuda::Mlp forward and gradients match nn::MLP") {
  SBI_REQUIRE_GPU_OR_SKIP();
  cuda::Stream stream;
  for (nn::Activation act : {nn::Activation::Relu, nn::Activation::Tanh, nn::Activation::Silu,
                             nn::Activation::Elu}) {
    for (bool fused : {true, false}) {
      CAPTURE(nn::activation_name(act));
      CAPTURE(fused);
      Rng rng(17, static_cast<std::uint64_t>(act));
      nn::MLPSettings cfg;
      cfg.in = 7;
      cfg.hidden = {64, 33};
      cfg.out = 3;
      cfg.activation = act;
      cfg.output_activation = nn::Activation::Softplus;
      nn::MLP net(cfg, rng);
      cuda::Mlp gpu(net, stream);
      gpu.set_fused(fused);
      const Index batch = 1000;  // several row blocks of the fused bias reduction
      const MatrixF x = random_matrix(batch, cfg.in, rng);
      const MatrixF dy = random_matrix(batch, cfg.out, rng);

      ad::Tape tape;
      net.zero_grad();
      ad::Var y = net.forward(tape, tape.constant(x));
      const MatrixF y_ref = y.value();
      tape.backward(y, dy);
      CHECK(rel_error(gpu.forward(x), y_ref) < 1e-5);
      const std::vector<MatrixF> grads = gpu.gradients(x, dy);
      const nn::ParamList params = net.parameters();
      REQUIRE(grads.size() == params.size());
      for (std::size_t i = 0; i < params.size(); ++i) {
        CAPTURE(params[i].name);
        CHECK(rel_error(grads[i], params[i].param->grad) < 1e-4);
      }
    }
  }
}

TEST_CASE("cuda::Mlp training step (MSE + Adam) matches the CPU step") {
  SBI_REQUIRE_GPU_OR_SKIP();
  cuda::Stream stream;
  Rng rng(23, 0);
  nn::MLPSettings cfg;
  cfg.in = 5;
  cfg.hidden = {32, 32};
  cfg.out = 1;
  nn::MLP net(cfg, rng);
  cuda::Mlp gpu(net, stream);
  nn::AdamSettings o;
  o.learning_rate = 1e-3;
  gpu.set_adam(o);
  nn::Adam adam(net.parameters(), o);
  const Index batch = 512;
  for (int step = 0; step < 3; ++step) {
    CAPTURE(step);
    const MatrixF x = random_matrix(batch, cfg.in, rng);
    const MatrixF t = random_matrix(batch, 1, rng);
    // CPU: L = mean((y - t)²).
    ad::Tape tape;
    net.zero_grad();
    ad::Var y = net.forward(tape, tape.constant(x));
    ad::Var loss = ad::mean(ad::square(ad::sub(y, tape.constant(t))));
    const float loss_ref = loss.value()(0, 0);
    tape.backward(loss);
    adam.step();
    const float loss_gpu = gpu.train_step(x, t);
    CHECK(std::abs(loss_gpu - loss_ref) <= 1e-5 * (1 + std::abs(loss_ref)));
    nn::MLP copy = net;
    gpu.copy_to(copy);
    const nn::ParamList a = net.parameters(), b = copy.parameters();
    // Adam normalises each step to about ±lr, so an element whose gradient is ~0 may move by up
    // to 2·lr differently when rounding flips the sign of its tiny gradient; all others agree
    // to float rounding.
    Index off = 0, total = 0;
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const MatrixF& va = a[i].param->value;
      const MatrixF& vb = b[i].param->value;
      for (Index k = 0; k < va.size(); ++k) {
        const double diff = std::abs(double(va.data()[k]) - double(vb.data()[k]));
        off += diff > 1e-5 * (1 + std::abs(double(va.data()[k]))) ? 1 : 0;
        worst = std::max(worst, diff);
        ++total;
      }
    }
    CHECK(off * 200 <= total);  // at most 0.5% of the elements
    CHECK(worst <= 2 * o.learning_rate * (step + 1) + 1e-6);
  }
}

TEST_CASE("GPU RQ spline kernel matches the shared spline math") {
  SBI_REQUIRE_GPU_OR_SKIP();
  cuda::Stream stream;
  Rng rng(31, 0);
  flows::RqSplineShape shape;
  shape.bins = 8;
  const Index rows = 3000, dims = 3, per = 3 * 8 - 1;
  MatrixF x = random_matrix(rows, dims, rng) * 1.5f;  // some values in the tails
  const MatrixF p = random_matrix(rows, dims * per, rng);
  for (bool inverse : {false, true}) {
    CAPTURE(inverse);
    const cuda::SplineResult r = cuda::rq_spline_gpu(x, p, shape, inverse, stream);
    double worst_value = 0, worst_logdet = 0;
    for (Index i = 0; i < rows; ++i) {
      double ld = 0;
      for (Index d = 0; d < dims; ++d) {
        const float* pp = p.data() + (i * dims + d) * per;
        const auto v = inverse ? flows::rq_spline_inverse(x(i, d), pp, shape)
                               : flows::rq_spline_forward(x(i, d), pp, shape);
        worst_value = std::max(worst_value, double(std::abs(v.value - r.value(i, d))));
        ld += v.logdet;
      }
      worst_logdet = std::max(worst_logdet, std::abs(ld - double(r.logdet[i])));
    }
    CHECK(worst_value < 1e-4);
    CHECK(worst_logdet < 1e-3);
  }
}
#endif
