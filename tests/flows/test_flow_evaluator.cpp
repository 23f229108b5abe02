// The tape-free flow evaluator (flows/flow_evaluator.hpp) against the tape path it replaces
// in MCMC potentials: the same log q(y | c) for MAF, autoregressive NSF and coupling NSF (with
// LU layers), conditional and unconditional, one broadcast y row or one per row, batches that
// are and are not multiples of the row tile; no evaluator for estimators it does not cover.
//
// Tolerance: the two paths sum each product in a different order (and the spline runs the
// knot-free formulas), so each of the ~4 products per layer differs by at most γ_k·Σ|x_k w_k|
// with γ_k ≈ k·2⁻²⁴ (k ≤ 50 here: ≈ 3·10⁻⁶ of the terms' magnitude), and these differences
// pass through 3 to 5 layers whose tanh/relu are 1-Lipschitz and whose scales are O(1). The
// test allows 2·10⁻⁵·(1 + |log q|), which covers that bound with room and is still ~10⁴
// times below any change of weights or layers (a change of one weight by 10⁻² moves log q by
// about 10⁻³).
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "flows/density_estimator.hpp"
#include "flows/flow_evaluator.hpp"

using namespace sbi;
using namespace sbi::flows;

namespace {

EstimatorSettings config_of(const std::string& kind, Index y_dim, Index context_dim) {
  EstimatorSettings c = config_for_kind(kind, y_dim, context_dim, 11);
  c.kind = kind;
  return c;
}

MatrixF normal_matrix(Index rows, Index cols, std::uint64_t seed, float scale = 1.f, float shift = 0.f) {
  Rng rng(seed, 0);
  MatrixF m(rows, cols);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = shift + scale * static_cast<float>(rng.normal());
  return m;
}

// An estimator with non-trivial weights everywhere (the LU layers start at the identity and the
// residual blocks near it) and fitted standardizers.
std::unique_ptr<ConditionalDensityEstimator> perturbed(const EstimatorSettings& c) {
  auto e = build_estimator(c);
  std::uint64_t seed = 100;
  for (auto& p : e->parameters())
    p.param->value += normal_matrix(p.param->value.rows(), p.param->value.cols(), ++seed, 0.1f);
  e->fit_standardizers(normal_matrix(200, c.y_dim, 1, 2.f, 0.5f), normal_matrix(200, c.context_dim, 2, 0.5f, -1.f));
  return e;
}

double worst_relative_difference(ConditionalDensityEstimator& e, FlowEvaluator& fast, const MatrixF& y,
                                 const MatrixF& context, Index rows) {
  const VectorF tape = e.log_prob(y, context);
  VectorF out(rows);
  fast.log_prob_into(y, context, out);
  REQUIRE(tape.rows() == rows);
  double worst = 0;
  for (Index i = 0; i < rows; ++i) {
    REQUIRE(std::isfinite(out(i)));
    worst = std::max(worst, std::abs(double(out(i)) - double(tape(i))) / (1.0 + std::abs(double(tape(i)))));
  }
  return worst;
}

}  // namespace

TEST_CASE("flow evaluator: the tape-free log q(y | c) equals the tape's to float rounding") {
  for (const std::string kind : {"maf", "nsf", "nsf_ar"}) {
    for (const Index y_dim : {1, 3}) {
      for (const Index context_dim : {0, 2}) {
        CAPTURE(kind);
        CAPTURE(y_dim);
        CAPTURE(context_dim);
        EstimatorSettings c = config_of(kind, y_dim, context_dim);
        if (kind == "maf") c.lu_linear = y_dim > 1;  // MAF with the optional LU layers too
        auto e = perturbed(c);
        auto fast = FlowEvaluator::build(*e);
        REQUIRE(fast);
        for (const Index rows : {1, 3, 20, 37, 300}) {  // 300: more than one chunk of 256
          CAPTURE(rows);
          const MatrixF y = normal_matrix(rows, y_dim, 30 + static_cast<std::uint64_t>(rows), 2.5f, 0.5f);
          const MatrixF ctx = normal_matrix(rows, context_dim, 40 + static_cast<std::uint64_t>(rows), 0.7f, -1.f);
          CHECK(worst_relative_difference(*e, *fast, y, ctx, rows) < 2e-5);
          if (context_dim > 0) {  // NLE's call: one observation row for every θ row
            CHECK(worst_relative_difference(*e, *fast, y.topRows(1), ctx, rows) < 2e-5);
            CHECK(worst_relative_difference(*e, *fast, y, ctx.topRows(1), rows) < 2e-5);
          }
        }
      }
    }
  }
}

TEST_CASE("flow evaluator: a larger batch after a smaller one, and back, gives the same values") {
  auto e = perturbed(config_of("maf", 2, 2));
  auto fast = FlowEvaluator::build(*e);
  const MatrixF y = normal_matrix(1, 2, 3), ctx = normal_matrix(50, 2, 4);
  VectorF small(5), large(50), again(5);
  fast->log_prob_into(y, ctx.topRows(5), small);
  fast->log_prob_into(y, ctx, large);
  fast->log_prob_into(y, ctx.topRows(5), again);
  CHECK(small == large.head(5));  // rows are independent: the batch size changes nothing
  CHECK(small == again);
}

TEST_CASE("flow evaluator: estimators it does not cover get none, and bad shapes are refused") {
  CHECK_FALSE(FlowEvaluator::build(*build_estimator(config_of("mdn", 2, 2))));
  EstimatorSettings embedded = config_of("maf", 2, 4);
  embedded.embedding_out = 2;
  CHECK_FALSE(FlowEvaluator::build(*build_estimator(embedded)));
  auto fast = FlowEvaluator::build(*build_estimator(config_of("maf", 2, 2)));
  VectorF out(4);
  CHECK_THROWS_AS(fast->log_prob_into(MatrixF::Zero(4, 3), MatrixF::Zero(4, 2), out), ShapeError);
  CHECK_THROWS_AS(fast->log_prob_into(MatrixF::Zero(4, 2), MatrixF::Zero(3, 2), out), ShapeError);
}
