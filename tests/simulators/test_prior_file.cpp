// Prior files (simulators/prior_file.hpp): each distribution's moments and log-density against
// closed forms, the bijection round trip, the canonical JSON round trip, and one test per
// malformed file, each checking that the error names the parameter and the field.
#include <doctest/doctest.h>

#include <Eigen/LU>
#include <cmath>
#include <fstream>
#include <numbers>

#include "core/errors.hpp"
#include "moment_checks.hpp"
#include "simulators/model_tag.hpp"
#include "simulators/prior_file.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::sim;

namespace {

const char* kMixed = R"({"parameters": [
  {"name": "g", "distribution": "uniform", "low": 0.5, "high": 80},
  {"name": "h", "distribution": "uniform", "low": -1, "high": 1},
  {"name": "tau", "distribution": "lognormal", "mu": 0.25, "sigma": 0.5},
  {"name": "b", "distribution": "normal", "mean": 1.5, "std": 2.0},
  {"names": ["a1", "a2"], "distribution": "multivariate_normal",
   "mean": [0.0, 1.0], "covariance": [[1.0, 0.5], [0.5, 2.0]]}
]})";

constexpr double kLog2Pi = 1.8378770664093453;  // log 2π

// The closed-form log-density of kMixed at θ (inside the support).
double mixed_log_prob(const RowVectorD& t) {
  double lp = -std::log(79.5) - std::log(2.0);
  const double z = (std::log(t[2]) - 0.25) / 0.5;
  lp += -std::log(t[2]) - std::log(0.5) - 0.5 * kLog2Pi - 0.5 * z * z;
  const double zb = (t[3] - 1.5) / 2.0;
  lp += -std::log(2.0) - 0.5 * kLog2Pi - 0.5 * zb * zb;
  Eigen::Matrix2d cov;
  cov << 1.0, 0.5, 0.5, 2.0;
  const Eigen::Vector2d d(t[4] - 0.0, t[5] - 1.0);
  lp += -0.5 * d.dot(cov.inverse() * d) - 0.5 * std::log((2 * std::numbers::pi * cov).determinant());
  return lp;
}

// The message of the ValueError parse_prior_json throws for `text`.
std::string error_for(const std::string& text) {
  try {
    parse_prior_json(text, "p.json");
  } catch (const ValueError& e) {
    return e.what();
  }
  FAIL("no error for " << text);
  return "";
}

std::string one(const std::string& entry) { return R"({"parameters": [)" + entry + "]}"; }

}  // namespace

TEST_CASE("prior file: names, dimension and the moments of each distribution") {
  const PriorFile p = parse_prior_json(kMixed);
  CHECK(p.names == std::vector<std::string>{"g", "h", "tau", "b", "a1", "a2"});
  REQUIRE(p.prior->dim() == 6);
  const VectorD mean = p.prior->mean(), sd = p.prior->sd();
  // Closed forms: uniform (l+h)/2, (h-l)/√12; lognormal exp(μ+σ²/2), mean·sqrt(exp(σ²)-1).
  CHECK(mean[0] == doctest::Approx(40.25));
  CHECK(sd[0] == doctest::Approx(79.5 / std::sqrt(12.0)));
  CHECK(mean[2] == doctest::Approx(std::exp(0.25 + 0.125)));
  CHECK(sd[2] == doctest::Approx(std::exp(0.25 + 0.125) * std::sqrt(std::exp(0.25) - 1.0)));
  CHECK(mean[3] == doctest::Approx(1.5));
  CHECK(sd[3] == doctest::Approx(2.0));
  CHECK(mean[5] == doctest::Approx(1.0));
  CHECK(sd[5] == doctest::Approx(std::sqrt(2.0)));
  const MatrixD s = p.prior->sample(40000, 11);
  for (Index d = 0; d < 6; ++d) {
    test::check_mean(s.col(d), mean[d], "mean of " + p.names[d]);
    test::check_variance(s.col(d), sd[d] * sd[d], "variance of " + p.names[d]);
  }
  // The correlated block: sample covariance 0.5 within 5 standard errors (se ≤ sqrt(Var(xy)/n)).
  const VectorD a1 = s.col(4).array() - s.col(4).mean(), a2 = s.col(5).array() - s.col(5).mean();
  const double cov = a1.dot(a2) / (s.rows() - 1);
  const double se = std::sqrt((a1.array() * a2.array() - cov).square().mean() / s.rows());
  CHECK(std::abs(cov - 0.5) < 5 * se);
}

TEST_CASE("prior file: log_prob against the closed forms, -inf outside the support") {
  const PriorFile p = parse_prior_json(kMixed);
  const MatrixD s = p.prior->sample(20, 3);
  const VectorD lp = p.prior->log_prob(s);
  for (Index i = 0; i < s.rows(); ++i) CHECK(lp[i] == doctest::Approx(mixed_log_prob(s.row(i))).epsilon(1e-12));
  MatrixD outside = s.topRows(2);
  outside(0, 0) = 80.5;   // above g's high
  outside(1, 2) = -0.1;   // negative log-normal
  const VectorD lp_out = p.prior->log_prob(outside);
  CHECK(std::isinf(lp_out[0]));
  CHECK(std::isinf(lp_out[1]));
  CHECK_FALSE(p.prior->in_support(outside)[0]);
}

TEST_CASE("prior file: the bijection round trip θ → z → θ") {
  const PriorFile p = parse_prior_json(kMixed);
  const MatrixD theta = p.prior->sample(50, 5);
  const MatrixD z = p.prior->to_unconstrained(theta);
  const MatrixD back = p.prior->from_unconstrained(z);
  CHECK((back - theta).cwiseAbs().maxCoeff() < 1e-9);
  // Uniform and log-normal coordinates are mapped off their support; Gaussians are the identity.
  CHECK((z.col(4) - theta.col(4)).cwiseAbs().maxCoeff() == 0.0);
  CHECK((z.col(2).array().exp().matrix() - theta.col(2)).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("prior file: canonical JSON round trip; a single kind builds one component") {
  const PriorFile p = parse_prior_json(kMixed);
  const PriorFile again = parse_prior_json(p.json);
  CHECK(again.json == p.json);
  CHECK(again.names == p.names);
  const MatrixD theta = p.prior->sample(10, 1);
  CHECK((again.prior->log_prob(theta) - p.prior->log_prob(theta)).cwiseAbs().maxCoeff() == 0.0);
  CHECK(p.json.find('\n') == std::string::npos);
  CHECK(p.json.rfind(R"({"parameters":[{"name":"g","distribution":"uniform","low":0.5,"high":80.0})", 0) == 0);
  const PriorFile box = parse_prior_json(one(R"({"name": "x", "distribution": "uniform", "low": 0, "high": 1},
                                               {"name": "y", "distribution": "uniform", "low": 2, "high": 3})"));
  CHECK(box.prior->describe().rfind("BoxUniform", 0) == 0);
}

TEST_CASE("prior file: read_prior_file names the file; make_prior_task carries the names") {
  const auto path = test::scratch_dir() / "prior_file_test.json";
  std::ofstream(path) << kMixed;
  const PriorFile p = read_prior_file(path.string());
  const Task task = make_prior_task(p);
  CHECK(task.parameter_names == p.names);
  CHECK(task.theta_dim() == 6);
  CHECK(task.x_dim() == 0);
  CHECK(make_prior_task(p, nullptr, {"s1", "s2"}).x_dim() == 2);
  CHECK_THROWS_AS(read_prior_file((test::scratch_dir() / "no_such_prior.json").string()), IOError);
  std::ofstream(path) << R"({"parameters": [{"name": "x", "distribution": "uniform", "low": 1, "high": 1}]})";
  try {
    read_prior_file(path.string());
    FAIL("no error");
  } catch (const ValueError& e) {
    CHECK(std::string(e.what()).find("prior_file_test.json") != std::string::npos);
  }
}

TEST_CASE("prior file errors name the parameter and the field") {
  const auto has = [](const std::string& message, std::initializer_list<const char*> parts) {
    INFO(message);
    for (const char* part : parts) CHECK(message.find(part) != std::string::npos);
  };
  SUBCASE("unknown distribution") {
    has(error_for(one(R"({"name": "k", "distribution": "gamma", "a": 1})")), {"p.json", "parameter 1", "'k'", "gamma"});
  }
  SUBCASE("low >= high") {
    has(error_for(one(R"({"name": "k", "distribution": "uniform", "low": 2, "high": 1})")), {"'k'", "low", "high"});
  }
  SUBCASE("non-positive std and sigma") {
    has(error_for(one(R"({"name": "k", "distribution": "normal", "mean": 0, "std": 0})")), {"'k'", "'std'", "positive"});
    has(error_for(one(R"({"name": "k", "distribution": "lognormal", "mu": 0, "sigma": -1})")), {"'k'", "'sigma'"});
  }
  SUBCASE("non-finite numbers") {
    has(error_for(one(R"({"name": "k", "distribution": "normal", "mean": 1e999, "std": 1})")), {"p.json", "not valid JSON", "1e999"});
    has(error_for(one(R"({"name": "k", "distribution": "normal", "mean": NaN, "std": 1})")), {"not valid JSON"});
  }
  SUBCASE("missing field") {
    has(error_for(one(R"({"name": "k", "distribution": "uniform", "low": 0})")), {"parameter 1", "'k'", "missing field 'high'"});
    has(error_for(one(R"({"distribution": "uniform", "low": 0, "high": 1})")), {"parameter 1", "missing field 'name'"});
    has(error_for(one(R"({"name": "k", "low": 0, "high": 1})")), {"missing field 'distribution'"});
  }
  SUBCASE("unknown field") {
    has(error_for(one(R"({"name": "k", "distribution": "normal", "mean": 0, "std": 1, "sd": 1})")), {"'k'", "unknown field 'sd'"});
    has(error_for(R"({"parameters": [], "extra": 1})"), {"unknown top-level field 'extra'"});
  }
  SUBCASE("wrong types") {
    has(error_for(one(R"({"name": "k", "distribution": "normal", "mean": "0", "std": 1})")), {"'k'", "'mean'", "number"});
    has(error_for(one(R"({"name": 3, "distribution": "normal", "mean": 0, "std": 1})")), {"parameter 1", "'name'", "string"});
    has(error_for(one(R"(["k", "normal"])")), {"parameter 1", "object"});
    has(error_for(R"({"parameters": {"name": "k"}})"), {"'parameters'", "array"});
    has(error_for(R"([1, 2])"), {"top level"});
  }
  SUBCASE("duplicate names") {
    has(error_for(one(R"({"name": "k", "distribution": "normal", "mean": 0, "std": 1},
                         {"names": ["j", "k"], "distribution": "multivariate_normal", "mean": [0, 0],
                          "covariance": [[1, 0], [0, 1]]})")), {"parameter 2", "duplicate name 'k'"});
  }
  SUBCASE("covariance not symmetric positive definite, or of the wrong size") {
    const std::string head = R"({"names": ["u", "v"], "distribution": "multivariate_normal", "mean": [0, 0], )";
    has(error_for(one(head + R"("covariance": [[1, 0.5], [0.4, 1]]})")), {"'u', 'v'", "'covariance'", "symmetric"});
    has(error_for(one(head + R"("covariance": [[1, 2], [2, 1]]})")), {"'u', 'v'", "positive definite"});
    has(error_for(one(head + R"("covariance": [[1, 0], [0, 1], [0, 0]]})")), {"'covariance'", "2x2"});
    has(error_for(one(head + R"("covariance": [[1, 0], [0]]})")), {"'covariance' row 2"});
    has(error_for(one(R"({"names": ["u", "v"], "distribution": "multivariate_normal", "mean": [0],
                         "covariance": [[1, 0], [0, 1]]})")), {"'mean'", "1 entries for 2 names"});
  }
  SUBCASE("empty parameter list and bad JSON") {
    has(error_for(R"({"parameters": []})"), {"p.json", "empty"});
    has(error_for(R"({"parameters": [)"), {"p.json", "not valid JSON"});
    has(error_for(R"({})"), {"missing field 'parameters'"});
  }
  SUBCASE("names that would break a CSV header") {
    has(error_for(one(R"({"name": "a,b", "distribution": "normal", "mean": 0, "std": 1})")), {"parameter 1", "'name'", "commas"});
  }
}

TEST_CASE("model tags: a prior file survives the escaping; task names stay task names") {
  const PriorFile p = parse_prior_json(one(R"({"name": "a=b;c%d", "distribution": "normal", "mean": 0, "std": 1})"));
  const std::string tag = prior_model_tag(p);
  CHECK(tag.find(';') == std::string::npos);
  CHECK(tag.find('=') == std::string::npos);
  const auto back = prior_from_model_tag(tag);
  REQUIRE(back.has_value());
  CHECK(back->json == p.json);
  CHECK(back->names == std::vector<std::string>{"a=b;c%d"});
  CHECK(model_tag(make_prior_task(p)) == tag);
  CHECK_FALSE(prior_from_model_tag("two_moons").has_value());
  CHECK(task_from_model_tag("two_moons").name == "two_moons");
  CHECK(task_from_model_tag(tag).parameter_names == p.names);
  CHECK(model_tag(task_from_model_tag("two_moons")) == "two_moons");
  CHECK_THROWS_AS(prior_from_model_tag("prior:{\"parameters\": %41}"), ValueError);
}
