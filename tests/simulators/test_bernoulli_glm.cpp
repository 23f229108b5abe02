// Bernoulli GLM: the generated stimulus and design matrix reproduce sbibm's files, the summaries
// equal the PyTorch conv1d definition, and the sufficient-statistic likelihood identity holds.
#include <doctest/doctest.h>

#include <cmath>

#include "simulators/bernoulli_glm_design.hpp"
#include "simulators/numpy_legacy_normal.hpp"
#include "simulators/sbibm_loader.hpp"
#include "simulators/task.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::sim;

TEST_CASE("numpy legacy normals: RandomState(42).randn starts 0.4967141530, -0.1382643012") {
  const auto v = numpy_randn(42, 3);
  CHECK(v[0] == doctest::Approx(0.4967141530112327).epsilon(1e-15));
  CHECK(v[1] == doctest::Approx(-0.13826430117118466).epsilon(1e-15));
  CHECK(v[2] == doctest::Approx(0.6476885381006925).epsilon(1e-15));
}

TEST_CASE("stimulus and design matrix match sbibm's files") {
  if (!test::have_data("sbibm/bernoulli_glm/design_matrix.csv")) return;
  const MatrixD X_file = read_headerless_csv((test::data_dir() / "sbibm/bernoulli_glm/design_matrix.csv").string());
  const MatrixD s_file = read_headerless_csv((test::data_dir() / "sbibm/bernoulli_glm/stimulus_I.csv").string());
  REQUIRE(X_file.rows() == 100);
  REQUIRE(X_file.cols() == 10);
  REQUIRE(s_file.size() == 100);
  const VectorD& s = bernoulli_glm_stimulus();
  const MatrixD& X = bernoulli_glm_design_matrix();
  // The files hold float32 values printed with 9 significant digits.
  for (Index t = 0; t < 100; ++t) CHECK(std::abs(s[t] - s_file(0, t)) <= 1e-8 * (1 + std::abs(s[t])));
  CHECK((X - X_file).cwiseAbs().maxCoeff() <= 1e-8 * (1 + X.cwiseAbs().maxCoeff()));
}

TEST_CASE("summaries equal the last 9 outputs of conv1d(y, s, padding 8) plus the spike count") {
  const VectorD& s = bernoulli_glm_stimulus();
  Rng rng(3, 0);
  for (int rep = 0; rep < 5; ++rep) {
    double y[100];
    for (double& v : y) v = rng.bernoulli(0.3) ? 1.0 : 0.0;
    // Plain reference: padded input of length 116, cross-correlation with the 100-tap kernel.
    std::vector<double> padded(116, 0.0);
    for (int t = 0; t < 100; ++t) padded[8 + t] = y[t];
    std::vector<double> conv(17, 0.0);
    for (int k = 0; k < 17; ++k)
      for (int j = 0; j < 100; ++j) conv[k] += padded[k + j] * s[j];
    double x[10];
    bernoulli_glm_summaries(y, x);
    double count = 0;
    for (double v : y) count += v;
    CHECK(x[0] == count);
    for (int m = 0; m < 9; ++m) CHECK(x[1 + m] == doctest::Approx(conv[8 + m]).epsilon(1e-12));
  }
}

TEST_CASE("summary and raw likelihoods differ by a θ-independent constant") {
  const Task summary = make_task("bernoulli_glm");
  const Task raw = make_task("bernoulli_glm_raw");
  const MatrixD theta = summary.sample_prior(20, 4);
  const MatrixD y = raw.simulate(theta.topRows(1), 5);
  double x[10];
  bernoulli_glm_summaries(y.row(0).data(), x);
  const RowVectorD xo = Eigen::Map<const RowVectorD>(x, 10);
  const VectorD a = summary.evaluate_log_likelihood(theta, xo);
  const VectorD b = raw.evaluate_log_likelihood(theta, y.row(0));
  for (Index i = 1; i < 20; ++i) CHECK((a[i] - b[i]) == doctest::Approx(a[0] - b[0]).epsilon(1e-9));
  // Raw likelihood against the plain Bernoulli formula.
  const MatrixD& X = bernoulli_glm_design_matrix();
  for (Index i = 0; i < 3; ++i) {
    double ll = 0;
    for (Index t = 0; t < 100; ++t) {
      const double psi = X.row(t).dot(theta.row(i));
      ll += y(0, t) > 0.5 ? -std::log1p(std::exp(-psi)) : -std::log1p(std::exp(psi));
    }
    CHECK(b[i] == doctest::Approx(ll).epsilon(1e-10));
  }
}

TEST_CASE("sbibm observations are consistent with the summaries of some spike train") {
  if (!test::have_data("sbibm/bernoulli_glm/num_observation_1")) return;
  for (int k = 1; k <= 10; ++k) {
    const SbibmObservation o = load_sbibm_observation((test::data_dir() / "sbibm").string(), "bernoulli_glm", k);
    REQUIRE(o.observation.size() == 10);
    CHECK(o.observation[0] == std::round(o.observation[0]));
    CHECK(o.observation[0] >= 0);
    CHECK(o.observation[0] <= 100);
  }
}
