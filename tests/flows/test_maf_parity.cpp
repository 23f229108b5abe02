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
  MadeSettings c;
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

}  // namespace

// nflows' weight entry i (row-major, its rows) of layer k: 0.6 sin(1.7 i + 0.9 k + 0.3).
float golden_weight(Index i, int k) { return static_cast<float>(0.6 * std::sin(1.7 * double(i) + 0.9 * k + 0.3)); }

TEST_CASE("MAF parity: equals nflows 0.14's MaskedAffineAutoregressiveTransform on golden values") {
  // Golden values from nflows 0.14 (float64), MaskedAffineAutoregressiveTransform(features=3,
  // hidden_features=4, context_features=2, num_blocks=2, use_residual_blocks=False,
  // activation=tanh), every weight and bias set by golden_weight; nflows' output rows are
  // feature-major (α_j, μ_j), ours parameter-major (μ | α).
  AffineAutoregressive layer = maf_layer(3, 2, 4, 1);
  nn::ParamList p = params_of(layer);
  const char* names[] = {"made.input", "made.context", "made.hidden.0", "made.hidden.1", "made.output"};
  for (int k = 0; k < 5; ++k) {
    MatrixF& w = param(p, std::string(names[k]) + ".weight").value;
    MatrixF& b = param(p, std::string(names[k]) + ".bias").value;
    for (Index r = 0; r < w.rows(); ++r) {
      const Index theirs = k < 4 ? r : (r < 3 ? 2 * r + 1 : 2 * (r - 3));
      for (Index c = 0; c < w.cols(); ++c) w(r, c) = golden_weight(theirs * w.cols() + c, 2 * k);
      b(0, r) = golden_weight(theirs, 2 * k + 1);
    }
  }
  MatrixF x(2, 3), ctx(2, 2);
  x << 0.5f, -1.2f, 0.3f, 1.5f, 0.2f, -0.7f;
  ctx << 0.1f, -0.4f, -1.f, 2.f;
  const double z[2][3] = {{0.11647674407275632, -0.19163948685281218, -1.2755330662559499},
                          {1.0995150108897274, 0.7464463066472964, -1.7365315358354383}};
  const double logdet[2] = {-1.2401109881696102, -1.2205473429842275};
  ad::Tape tape;
  const TransformResult r = layer.forward(tape, tape.constant(x), tape.constant(ctx));
  // float32 through four layers of O(1) values: agreement to a few float ulps · depth.
  for (Index i = 0; i < 2; ++i) {
    for (Index j = 0; j < 3; ++j) CHECK(r.z.value()(i, j) == doctest::Approx(z[i][j]).epsilon(1e-5));
    CHECK(r.logdet.value()(i, 0) == doctest::Approx(logdet[i]).epsilon(1e-5));
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
    // The output bias only; equal up to the last bit (Eigen's vectorised exp/log runs on whole
    // packets and the scalar one on the tail, and the packet width is the machine's).
    CHECK(z(i, 0) == doctest::Approx(z(0, 0)).epsilon(1e-6));
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
  const EstimatorSettings c = maf_config(2, 3);
  CHECK(c.transforms == 5);
  CHECK(c.hidden == 50);
  CHECK(c.blocks == 2);
  CHECK(c.activation == nn::Activation::Tanh);
  CHECK_FALSE(c.random_mask);
  CHECK(c.permutation == PermutationScheme::random);
  CHECK_FALSE(c.lu_linear);
}
