// External simulators: the protocol (row seeds, θ round trip, output parsing), every
// misbehaviour of a command (non-zero exit, hang past the timeout, too few lines, too many
// values, non-numbers, `nan` lines, a failure then a success, too many failures) and the batch
// files (resume after an interruption, stale batches never reused), with small shell commands.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <filesystem>

#include "core/errors.hpp"
#include "external/external_protocol.hpp"
#include "external/external_simulator.hpp"
#include "external/subprocess.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::sim;
namespace fs = std::filesystem;

namespace {

// x = (θ1 + θ2, last 4 digits of the row's seed): checks θ and seeds arrive, row by row.
const char* kSumAndSeed = R"(awk -F, '{ printf "%.17g,%s\n", $2 + $3, substr($1, length($1) - 3) }')";

MatrixD example_theta(Index n) {
  MatrixD theta(n, 2);
  for (Index i = 0; i < n; ++i) theta.row(i) << 0.1 * static_cast<double>(i) - 1.3, 1.0 / (1.0 + static_cast<double>(i));
  return theta;
}

ExternalSimulatorSettings options_for(const std::string& command, const std::string& folder = "") {
  ExternalSimulatorSettings o;
  o.command = command;
  o.theta_dim = 2;
  o.x_dim = 2;
  o.batch_rows = 4;
  o.workers = 2;
  o.work_folder = folder;
  return o;
}

std::string fresh_folder(const std::string& name) {
  const fs::path dir = test::scratch_dir() / ("external_" + name);
  fs::remove_all(dir);
  return dir.string();
}

Index count_files(const std::string& folder, const std::string& suffix) {
  Index n = 0;
  for (const auto& e : fs::directory_iterator(folder)) n += e.path().string().ends_with(suffix);
  return n;
}

}  // namespace

TEST_CASE("subprocess: stdin in, stdout and stderr out, exit status reported") {
  const SubprocessResult r = run_subprocess("cat; echo oops >&2; exit 3", "a,b\n", 0);
  CHECK(r.out == "a,b\n");
  CHECK(r.err == "oops\n");
  CHECK(r.exit_code == 3);
  CHECK_FALSE(r.ok());
  CHECK(r.describe(0) == "exit status 3");
}

TEST_CASE("subprocess: a large batch in both directions does not deadlock") {
  std::string input;
  for (int i = 0; i < 200000; ++i) input += std::to_string(i) + ",0.5\n";  // ~2 MB, far above a pipe's 64 KB
  const SubprocessResult r = run_subprocess("cat", input, 60);
  CHECK(r.ok());
  CHECK(r.out == input);
}

TEST_CASE("subprocess: a hang past the timeout is killed with its process group") {
  const auto t0 = std::chrono::steady_clock::now();
  const SubprocessResult r = run_subprocess("sleep 30 & sleep 30", "", 0.3);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(r.timed_out);
  CHECK(seconds < 5);
  CHECK(r.describe(0.3).find("timed out") != std::string::npos);
}

TEST_CASE("external simulator: θ and the row seeds reach the command in order") {
  const MatrixD theta = example_theta(11);
  ExternalSimulator sim(options_for(kSumAndSeed));
  const MatrixD x = sim.simulate(theta, 42, 5);
  REQUIRE(x.rows() == 11);
  for (Index i = 0; i < 11; ++i) {
    CHECK(x(i, 0) == doctest::Approx(theta(i, 0) + theta(i, 1)).epsilon(1e-15));
    CHECK(x(i, 1) == static_cast<double>(external_row_seed(42, 5 + static_cast<std::uint64_t>(i)) % 10000));
  }
  CHECK(sim.counts().rows_simulated == 11);
  CHECK(sim.counts().batches_run == 3);
}

TEST_CASE("external simulator: results do not depend on the batch size or the workers") {
  const MatrixD theta = example_theta(23);
  auto o = options_for(kSumAndSeed);
  o.batch_rows = 1000;
  o.workers = 1;
  const MatrixD one = ExternalSimulator(o).simulate(theta, 7);
  o.batch_rows = 3;
  o.workers = 4;
  const MatrixD many = ExternalSimulator(o).simulate(theta, 7);
  CHECK(one == many);
}

TEST_CASE("external simulator: x's width is learnt from the first batch") {
  auto o = options_for("awk -F, 'NR == 1 { print \"nan\"; next } { print $2\",\"$3\",1\" }'");
  o.x_dim = 0;
  o.batch_rows = 2;
  ExternalSimulator sim(o);
  CHECK(sim.x_dim() == 0);
  const MatrixD x = sim.simulate(example_theta(4), 1);  // first batch: a nan line, then 3 values
  CHECK(sim.x_dim() == 3);
  CHECK(x.cols() == 3);
}

TEST_CASE("external simulator: a nan line is one failed simulation, counted, not retried") {
  auto o = options_for(R"(awk -F, '{ if ($2 < 0) print "nan"; else print $2","$3 }')");
  o.max_failed_fraction = 1;
  const MatrixD theta = example_theta(20);  // θ1 < 0 for rows 0..12
  ExternalSimulator sim(o);
  const MatrixD x = sim.simulate(theta, 3);
  for (Index i = 0; i < 20; ++i) CHECK(std::isnan(x(i, 0)) == (theta(i, 0) < 0));
  CHECK(sim.counts().failed_simulations == 13);
  CHECK(sim.counts().batches_retried == 0);
  o.max_failed_fraction = 0.5;  // 13 of 20 > 0.5: refused
  CHECK_THROWS_AS(ExternalSimulator(o).simulate(theta, 3), ValueError);
}

TEST_CASE("external simulator: each misbehaviour fails the batch twice, its rows become NaN and are counted") {
  struct Case {
    const char* command;
    const char* reason;
  };
  const Case cases[] = {
      {"cat >/dev/null; echo broken >&2; exit 3", "exit status 3"},
      {"sleep 30", "timed out"},
      {"awk -F, 'NR > 1 { print $2\",\"$3 }'", "output lines for"},
      {"awk -F, '{ print $2\",\"$3\",0\" }'", "has 3 values, expected 2"},
      {"awk -F, '{ print \"abc,\"$3 }'", "'abc' is not a number"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.command);
    const std::string folder = fresh_folder("misbehaviour");
    auto o = options_for(c.command, folder);
    o.timeout_seconds = 0.3;
    o.max_failed_fraction = 1;
    ExternalSimulator sim(o);
    const MatrixD x = sim.simulate(example_theta(6), 1);
    CHECK(x.rows() == 6);
    CHECK_FALSE(x.array().isFinite().any());
    const auto counts = sim.counts();
    CHECK(counts.rows_failed == 6);
    CHECK(counts.batches_failed == 2);
    CHECK(counts.batches_retried == 2);
    CHECK(counts.first_problem.find(c.reason) != std::string::npos);
    CHECK(count_files(folder, ".stderr.txt") == 2);
    CHECK(count_files(folder, ".sbixb") == 0);  // failed batches are not stored: a rerun tries again
  }
}

TEST_CASE("external simulator: a batch that fails once then succeeds is retried") {
  const std::string folder = fresh_folder("retry");
  const std::string marker = folder + "_marker";
  fs::remove(marker);
  auto o = options_for("if [ -e '" + marker + "' ]; then " + kSumAndSeed + "; else touch '" + marker +
                       "'; echo first try >&2; exit 1; fi", folder);
  o.batch_rows = 100;
  ExternalSimulator sim(o);
  const MatrixD x = sim.simulate(example_theta(5), 9);
  CHECK(x.allFinite());
  CHECK(sim.counts().batches_retried == 1);
  CHECK(sim.counts().batches_failed == 0);
  CHECK(count_files(folder, ".stderr.txt") == 1);
  fs::remove(marker);
}

TEST_CASE("external simulator: too many failures is a clear error; completed batches stay on disk") {
  const std::string folder = fresh_folder("limit");
  // Batches of 4 rows: the command fails for any batch whose first θ1 is ≥ -1 (3 of 4 batches).
  const std::string command = R"(awk -F, 'NR == 1 && $2 >= -1 { exit 2 } { print $2","$3 }')";
  auto o = options_for(command, folder);
  o.workers = 1;
  const MatrixD theta = example_theta(16);
  try {
    ExternalSimulator(o).simulate(theta, 5);
    FAIL("no error");
  } catch (const ValueError& e) {
    const std::string what = e.what();
    CHECK(what.find("of 16 rows failed") != std::string::npos);
    CHECK(what.find("exit status 2") != std::string::npos);
    CHECK(what.find(folder) != std::string::npos);
  }
  CHECK(count_files(folder, ".sbixb") == 1);  // the good batch
  o.max_failed_fraction = 1;
  ExternalSimulator rerun(o);
  rerun.simulate(theta, 5);
  CHECK(rerun.counts().batches_reused == 1);
}

TEST_CASE("external simulator: a rerun reuses completed batches and gives the same result; stale ones are not reused") {
  const std::string folder = fresh_folder("resume");
  const MatrixD theta = example_theta(18);
  const MatrixD first = ExternalSimulator(options_for(kSumAndSeed, folder)).simulate(theta, 11);
  REQUIRE(count_files(folder, ".sbixb") == 5);
  // An interruption: the last two batches never reached the disk.
  fs::remove(folder + "/batch_" + std::string("000000000000000b") + "_000000000012.sbixb");
  fs::remove(folder + "/batch_000000000000000b_000000000016.sbixb");
  ExternalSimulator resumed(options_for(kSumAndSeed, folder));
  CHECK(resumed.simulate(theta, 11) == first);
  CHECK(resumed.counts().batches_reused == 3);
  CHECK(resumed.counts().rows_simulated == 6);
  // Another seed, other θ or another command: nothing is reused.
  ExternalSimulator other_seed(options_for(kSumAndSeed, folder));
  other_seed.simulate(theta, 12);
  CHECK(other_seed.counts().batches_reused == 0);
  MatrixD moved = theta;
  moved(0, 0) += 1e-12;
  ExternalSimulator other_theta(options_for(kSumAndSeed, folder));
  other_theta.simulate(moved, 11);
  CHECK(other_theta.counts().batches_reused == 4);  // only the first batch's θ changed
  ExternalSimulator other_command(options_for(std::string(kSumAndSeed) + " | cat", folder));
  other_command.simulate(theta, 11);
  CHECK(other_command.counts().batches_reused == 0);
}

TEST_CASE("external simulator: bad options are refused") {
  auto o = options_for("cat");
  o.batch_rows = 0;
  CHECK_THROWS_AS(ExternalSimulator{o}, ValueError);
  o = options_for("");
  CHECK_THROWS_AS(ExternalSimulator{o}, ValueError);
  o = options_for("cat");
  o.max_failed_fraction = 1.5;
  CHECK_THROWS_AS(ExternalSimulator{o}, ValueError);
  ExternalSimulator sim(options_for("cat"));
  CHECK_THROWS_AS(sim.simulate(MatrixD::Zero(3, 5), 0), ShapeError);
}
