// MAF built as the `sbi` package builds it (build_maf → nflows 0.14's
// MaskedAffineAutoregressiveTransform, MADE without residual blocks), pinned piece by piece:
//   scale   s = softplus(α) + 10⁻³, z = x ⊙ s + μ, log|det| = Σ log s  (no offset on α: an
//           untrained layer contracts by log 2 + 10⁻³ ≈ 0.694, as nflows 0.14 does);
//   network h₀ = tanh(x(W₀⊙M₀)ᵀ + b₀ + tanh(c W_cᵀ + b_c)), h_k = tanh(h_{k-1}(W_k⊙M_k)ᵀ + b_k),
//           out = h(W_o⊙M_o)ᵀ + b_o, with sequential degrees (j mod max(1, D-1)) + min(1, D-1);
//   so for D = 2 every hidden unit has degree 1 and the first feature's affine map is a constant
//   of the layer (neither x nor the context reaches it): only the permutations between layers
//   let both features depend on the context;
//   init    PyTorch's nn.Linear default, U(±1/√fan_in) for weights and biases (masks ignored);
//   layout  5 × [MADE (50 hidden, 2 blocks, tanh), random permutation].
#include <doctest/doctest.h>

#include <cmath>

#include "core/ops.hpp"
#include "flows/autoregressive.hpp"
#include "flows/estimator_config.hpp"
#include "flows/made.hpp"

using namespace sbi;
using namespace sbi::flows;

namespace {

nn::Param& param(nn::ParamList& list, const std::string& name) {
  for (auto& p : list)
    if (p.name == name) return *p.param;
  FAIL("no parameter " << name);
  return *list.front().param;
}

AffineAutoregressive maf_layer(Index features, Index context, Index hidden, std::uint64_t seed) {
  MadeConfig c;
  c.features = features;
  c.context = context;
  c.hidden = hidden;
  Rng rng(seed, 0);
  return AffineAutoregressive(c, rng);
}

nn::ParamList params_of(AffineAutoregressive& layer) {
  nn::ParamList p;
  layer.collect_parameters("", p);
  return p;
}

MatrixF random_matrix(Index rows, Index cols, std::uint64_t seed) {
  Rng rng(seed, 0);
  MatrixF m(rows, cols);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.normal());
  return m;
}

// The nflows formula above, in double, from the layer's own weights and the nflows masks.
MatrixD reference_made(nn::ParamList& p, const MadeConfig& c, const MatrixD& x, const MatrixD& ctx) {
  Rng unused(0, 0);
  auto masked = [&](const std::string& layer, const MatrixF& mask) {
    return MatrixD((param(p, layer + ".weight").value.array() * mask.array()).cast<double>());
  };
  auto bias = [&](const std::string& layer) { return RowVectorD(param(p, layer + ".bias").value.cast<double>()); };
  const auto in_deg = made_input_degrees(c.features);
  const auto hid_deg = made_hidden_degrees(c.hidden, c.features, false, unused);
  MatrixD pre = x * masked("made.input", made_mask(hid_deg, in_deg, false)).transpose();
  pre.rowwise() += bias("made.input");
  MatrixD ctx_h = ctx * param(p, "made.context.weight").value.cast<double>().transpose();
  ctx_h.rowwise() += bias("made.context");
  MatrixD h = (pre + ctx_h.array().tanh().matrix()).array().tanh().matrix();
  for (Index b = 0; b < c.blocks; ++b) {
    const std::string name = "made.hidden." + std::to_string(b);
    MatrixD a = h * masked(name, made_mask(hid_deg, hid_deg, false)).transpose();
    a.rowwise() += bias(name);
    h = a.array().tanh().matrix();
  }
  MatrixD out = h * masked("made.output", made_mask(made_output_degrees(c.features, 2, false), hid_deg, true)).transpose();
  out.rowwise() += bias("made.output");
  return out;
}

}  // namespace

TEST_CASE("MAF parity: the MADE is nflows' (context added as tanh(W_c c + b_c) before the first tanh)") {
  AffineAutoregressive layer = maf_layer(3, 4, 10, 11);
  nn::ParamList p = params_of(layer);
  const MadeConfig c = MadeConfig{.features = 3, .context = 4, .hidden = 10};
  const MatrixF x = random_matrix(6, 3, 1), ctx = random_matrix(6, 4, 2);
  ad::Tape tape;
  ad::Var xv = tape.constant(x), cv = tape.constant(ctx);
  const MatrixD out = reference_made(p, c, x.cast<double>(), ctx.cast<double>());
  // z = x ⊙ (softplus(α) + 10⁻³) + μ with [μ | α] = out (parameter-major columns).
  const TransformResult r = layer.forward(tape, xv, cv);
  for (Index i = 0; i < 6; ++i) {
    double logdet = 0;
    for (Index j = 0; j < 3; ++j) {
      const double alpha = out(i, 3 + j), s = std::log1p(std::exp(alpha)) + 1e-3;
      CHECK(r.z.value()(i, j) == doctest::Approx(x(i, j) * s + out(i, j)).epsilon(1e-5));
      logdet += std::log(s);
    }
    CHECK(r.logdet.value()(i, 0) == doctest::Approx(logdet).epsilon(1e-5));
  }
}

TEST_CASE("MAF parity: s = softplus(α) + 1e-3 with no offset, so an untrained layer contracts by log 2 + 1e-3") {
  AffineAutoregressive layer = maf_layer(3, 2, 8, 5);
  nn::ParamList p = params_of(layer);
  param(p, "made.output.weight").value.setZero();
  MatrixF& b = param(p, "made.output.bias").value;
  b << 0.25f, -0.5f, 1.f, 0.f, 2.f, -3.f;  // μ = (0.25, -0.5, 1), α = (0, 2, -3)
  const MatrixF x = random_matrix(4, 3, 7), ctx = random_matrix(4, 2, 8);
  ad::Tape tape;
  const TransformResult r = layer.forward(tape, tape.constant(x), tape.constant(ctx));
  const double s[3] = {std::log(2.0) + 1e-3, std::log1p(std::exp(2.0)) + 1e-3, std::log1p(std::exp(-3.0)) + 1e-3};
  for (Index i = 0; i < 4; ++i) {
    for (Index j = 0; j < 3; ++j)
      CHECK(r.z.value()(i, j) == doctest::Approx(x(i, j) * s[j] + b(0, j)).epsilon(1e-6));
    CHECK(r.logdet.value()(i, 0) == doctest::Approx(std::log(s[0] * s[1] * s[2])).epsilon(1e-6));
  }
}

TEST_CASE("MAF parity: for D = 2 the first feature's map ignores x and the context; the second's uses both") {
  Rng unused(0, 0);
  CHECK(made_hidden_degrees(6, 2, false, unused) == std::vector<Index>(6, 1));
  CHECK(made_hidden_degrees(6, 5, false, unused) == std::vector<Index>{1, 2, 3, 4, 1, 2});
  AffineAutoregressive layer = maf_layer(2, 3, 12, 9);
  MatrixF x = random_matrix(1, 2, 3).replicate(5, 1);
  const MatrixF ctx = random_matrix(5, 3, 4);
  ad::Tape tape;
  const MatrixF z = layer.forward(tape, tape.constant(x), tape.constant(ctx)).z.value();
  for (Index i = 1; i < 5; ++i) {
    CHECK(z(i, 0) == z(0, 0));             // bitwise: the output bias only
    CHECK(std::abs(z(i, 1) - z(0, 1)) > 1e-4f);  // the context reaches feature 2
  }
}

TEST_CASE("MAF parity: weights and biases start U(±1/sqrt(fan_in)) as PyTorch's nn.Linear") {
  AffineAutoregressive layer = maf_layer(4, 6, 50, 21);
  nn::ParamList p = params_of(layer);
  for (const char* name : {"made.input", "made.context", "made.hidden.0", "made.output"}) {
    const MatrixF& w = param(p, std::string(name) + ".weight").value;
    const MatrixF& b = param(p, std::string(name) + ".bias").value;
    const double bound = 1.0 / std::sqrt(double(w.cols()));
    CHECK(w.cwiseAbs().maxCoeff() <= bound);
    CHECK(b.cwiseAbs().maxCoeff() <= bound);
    // Var U(-B, B) = B²/3; the sample variance of n draws has sd B²·√((1/5 - 1/9)/n): 5 sd.
    const double n = double(w.size()), var = w.cast<double>().array().square().mean();
    CHECK(std::abs(var / (bound * bound) - 1.0 / 3.0) < 5 * std::sqrt((1.0 / 5 - 1.0 / 9) / n));
  }
}

TEST_CASE("MAF parity: the default maf is sbi's build_maf (5 × [MADE 50 hidden, 2 blocks, tanh], random permutation)") {
  const EstimatorConfig c = maf_config(2, 3);
  CHECK(c.transforms == 5);
  CHECK(c.hidden == 50);
  CHECK(c.blocks == 2);
  CHECK(c.activation == nn::Activation::Tanh);
  CHECK_FALSE(c.random_mask);
  CHECK(c.permutation == "random");
  CHECK_FALSE(c.lu_linear);
}
