// Simulations from files (datasets/training_files.hpp): θ/x in .npy and CSV, and each check
// that must fail before training — widths, row counts, non-finite θ, θ outside the support —
// with the row or the shapes named. Non-finite x is accepted (the methods drop and count it).
#include <doctest/doctest.h>

#include <fstream>
#include <limits>

#include "core/array_file.hpp"
#include "core/errors.hpp"
#include "simulators/prior_file.hpp"
#include "datasets/training_files.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::sim;

namespace {

Task box_task() {
  return make_prior_task(parse_prior_json(R"({"parameters": [
    {"name": "a", "distribution": "uniform", "low": 0, "high": 1},
    {"name": "s", "distribution": "lognormal", "mu": 0, "sigma": 1}]})"));
}

std::string file(const std::string& name, const MatrixD& m, const std::vector<std::string>& header = {}) {
  const auto path = (test::scratch_dir() / name).string();
  write_array_file(path, m, header);
  return path;
}

}  // namespace

TEST_CASE("training files: .npy θ and CSV x are read and x's header names the data") {
  const Task task = box_task();
  const MatrixD theta = task.prior->sample(5, 1);
  MatrixD x = MatrixD::Random(5, 3);
  x(2, 1) = std::numeric_limits<double>::quiet_NaN();  // a failed simulation: kept for the method to drop
  const TrainingFiles f = read_training_files(file("tf_theta.npy", theta), file("tf_x.csv", x, {"p", "q", "r"}), task);
  CHECK(f.theta == theta);
  CHECK(f.x.rows() == 5);
  CHECK(f.x_names == std::vector<std::string>{"p", "q", "r"});
  const Task named = with_data_names(task, f.x_names);
  CHECK(named.x_dim() == 3);
  const TrainingFiles g = read_training_files(file("tf_theta2.npy", theta), file("tf_x2.npy", MatrixD::Zero(5, 2)), task);
  CHECK(g.x_names == std::vector<std::string>{"x_1", "x_2"});
}

TEST_CASE("training files: each bad θ/x file is refused naming the row or the shapes") {
  const Task task = box_task();
  const MatrixD theta = task.prior->sample(4, 2);
  const std::string x4 = file("tf_x4.npy", MatrixD::Zero(4, 2));
  SUBCASE("θ width disagrees with the prior") {
    CHECK_THROWS_WITH_AS(read_training_files(file("tf_wide.npy", MatrixD::Constant(4, 3, 0.5)), x4, task),
                         doctest::Contains("is 4x3: 3 columns, but the prior has 2 parameters (a, s)"), ShapeError);
  }
  SUBCASE("row count mismatch") {
    CHECK_THROWS_WITH_AS(read_training_files(file("tf_t3.npy", theta.topRows(3)), x4, task),
                         doctest::Contains("has 3 rows but x file"), ShapeError);
  }
  SUBCASE("θ outside the support, and non-finite θ") {
    MatrixD bad = theta;
    bad(2, 1) = -1.0;
    CHECK_THROWS_WITH_AS(read_training_files(file("tf_out.csv", bad, {"a", "s"}), x4, task),
                         doctest::Contains("tf_out.csv': row 3 ("), ValueError);
    bad(2, 1) = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH_AS(read_training_files(file("tf_inf.npy", bad), x4, task),
                         doctest::Contains("row 3 is not finite"), ValueError);
  }
  SUBCASE("x width disagrees with a task that knows it") {
    const Task named = with_data_names(task, {"u", "v", "w"});
    CHECK_THROWS_WITH_AS(check_training_set(theta, MatrixD::Zero(4, 2), named, "t", "xs"),
                         doctest::Contains("xs is 4x2: 2 columns, but task 'prior_file' has x of dimension 3"), ShapeError);
  }
  SUBCASE("θ header naming the parameters in another order") {
    CHECK_THROWS_WITH_AS(read_training_files(file("tf_swapped.csv", theta, {"s", "a"}), x4, task),
                         doctest::Contains("header (s, a) names the parameters in another order"), ValueError);
    CHECK_NOTHROW(read_training_files(file("tf_generic.csv", theta, {"c1", "c2"}), x4, task));
  }
  SUBCASE("unreadable file") {
    CHECK_THROWS_AS(read_training_files((test::scratch_dir() / "absent.csv").string(), x4, task), IOError);
  }
}
