// The fits of the issue checked with C2ST (diagnostics/c2st.hpp, as sbibm computes it):
// samples of the trained flow against exact samples must be nearly indistinguishable, for a
// conditional Gaussian y | c ~ N(1.5c + 0.5, 0.3²) (MAF, at three contexts) and a 2-D banana
// y₁ ~ N(0, 1), y₂ | y₁ ~ N(y₁²/2, 0.5²) (NSF).
#include <doctest/doctest.h>

#include "diagnostics/c2st.hpp"
#include "flows/density_estimator.hpp"
#include "flows/training.hpp"

using namespace sbi;
using namespace sbi::flows;

namespace {
nn::TrainSettings options(int epochs) {
  nn::TrainSettings o;
  o.max_epochs = epochs;
  o.patience = 30;
  o.progress = false;
  o.adam.learning_rate = 2e-3;
  o.seed = 3;
  return o;
}
}  // namespace

TEST_CASE("MAF fit of a conditional Gaussian: C2ST <= 0.55 at three contexts") {
  const Index n = 10000;
  MatrixF y(n, 1), c(n, 1);
  for (Index i = 0; i < n; ++i) {
    Rng rng(41, static_cast<std::uint64_t>(i));
    c(i, 0) = static_cast<float>(rng.uniform(-1.5, 1.5));
    y(i, 0) = static_cast<float>(rng.normal(1.5 * c(i, 0) + 0.5, 0.3));
  }
  auto est = build_estimator(maf_config(1, 1, 9));
  fit_estimator(*est, y, c, options(300));
  for (double ctx : {-1.0, 0.0, 1.0}) {
    const MatrixD q = est->sample(2000, MatrixF::Constant(1, 1, float(ctx)), 17).cast<double>();
    MatrixD exact(2000, 1);
    for (Index i = 0; i < 2000; ++i) exact(i, 0) = Rng(43, static_cast<std::uint64_t>(i)).normal(1.5 * ctx + 0.5, 0.3);
    const double score = diagnostics::c2st(exact, q);
    INFO("context " << ctx << ": C2ST " << score);
    CHECK(score <= 0.55);
  }
}

TEST_CASE("NSF fit of a 2-D banana: C2ST <= 0.55") {
  const Index n = 6000;
  auto banana = [](std::uint64_t seed, Index count) {
    MatrixD s(count, 2);
    for (Index i = 0; i < count; ++i) {
      Rng rng(seed, static_cast<std::uint64_t>(i));
      s(i, 0) = rng.normal();
      s(i, 1) = rng.normal(0.5 * s(i, 0) * s(i, 0), 0.5);
    }
    return s;
  };
  const MatrixF y = banana(51, n).cast<float>();
  EstimatorSettings cfg = nsf_config(2, 0, 5);
  auto est = build_estimator(cfg);
  fit_estimator(*est, y, MatrixF(), options(300));
  const MatrixD q = est->sample(3000, MatrixF(1, 0), 19).cast<double>();
  const double score = diagnostics::c2st(banana(53, 3000), q);
  INFO("banana: C2ST " << score);
  CHECK(score <= 0.55);
}
