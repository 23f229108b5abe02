// The task registry: every task builds, validates, simulates the right shapes, is
// thread-count invariant, rejects a wrong θ width, and reports missing pieces clearly.
#include <doctest/doctest.h>

#include <cstring>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "simulators/task.hpp"

using namespace sbi;
using namespace sbi::sim;

TEST_CASE("every registered task builds and simulates rows of the right shape") {
  CHECK(task_names().size() >= 16);
  for (const auto& name : task_names()) {
    INFO(name);
    const Task t = make_task(name);
    CHECK(t.name == name);
    const MatrixD theta = t.sample_prior(50, 1);
    CHECK(theta.cols() == t.theta_dim());
    const MatrixD x = t.simulate(theta, 2);
    CHECK(x.rows() == 50);
    CHECK(x.cols() == t.x_dim());
    Index finite = 0;
    for (Index i = 0; i < x.rows(); ++i) finite += x.row(i).allFinite();
    CHECK(finite >= 45);  // ODE tasks may fail on rare extreme θ; most rows are finite
    if (t.has_log_likelihood()) {
      Index first = 0;
      while (!x.row(first).allFinite()) ++first;
      const VectorD ll = t.evaluate_log_likelihood(theta, x.row(first));
      CHECK(ll.size() == 50);
      CHECK(std::isfinite(ll[first]));  // the θ that produced x_o has positive likelihood
    }
  }
}

TEST_CASE("simulation is bit-identical with 1 and 2 threads for every task") {
  for (const auto& name : task_names()) {
    INFO(name);
    const Task t = make_task(name);
    const MatrixD theta = t.sample_prior(300, 3);
    MatrixD a, b;
    {
      ThreadCountGuard g(1);
      a = t.simulate(theta, 9);
    }
    {
      ThreadCountGuard g(2);
      b = t.simulate(theta, 9);
    }
    REQUIRE(a.size() == b.size());
    CHECK(std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0);
    // Row i depends only on (seed, i): simulating a sub-batch with the right offset matches.
    const MatrixD tail = t.simulator->simulate(theta.bottomRows(100), 9, 200);
    CHECK(std::memcmp(tail.data(), a.bottomRows(100).eval().data(), sizeof(double) * 100 * a.cols()) == 0);
  }
}

TEST_CASE("wrong θ width and unknown names give clear errors") {
  const Task t = make_task("two_moons");
  CHECK_THROWS_AS(t.simulate(MatrixD::Zero(4, 3), 1), ShapeError);
  try {
    t.simulate(MatrixD::Zero(4, 3), 1);
  } catch (const ShapeError& e) {
    CHECK(std::string(e.what()).find("4x3") != std::string::npos);
  }
  try {
    make_task("no_such_task");
    FAIL("expected NotFoundError");
  } catch (const NotFoundError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("no_such_task") != std::string::npos);
    CHECK(msg.find("gaussian_linear") != std::string::npos);
  }
}

TEST_CASE("missing optional pieces throw NotFoundError naming the task") {
  for (const char* name : {"slcp", "bernoulli_glm", "sir", "lotka_volterra"}) {
    const Task t = make_task(name);
    CHECK_FALSE(t.has_reference());
    try {
      t.sample_reference_posterior(RowVectorD::Zero(t.x_dim()), 10, 1);
      FAIL("expected NotFoundError");
    } catch (const NotFoundError& e) {
      CHECK(std::string(e.what()).find("not yet available") != std::string::npos);
      CHECK(std::string(e.what()).find(name) != std::string::npos);
    }
  }
  const Task gl = make_task("gaussian_linear");
  CHECK_THROWS_AS(gl.evaluate_distance(MatrixD::Zero(1, 10), RowVectorD::Zero(10)), NotFoundError);
  CHECK_THROWS_AS(gl.sample_reference_posterior(RowVectorD::Zero(3), 10, 1), ShapeError);
}
