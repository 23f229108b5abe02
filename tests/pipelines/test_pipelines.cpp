// The pipelines as library calls: typed settings in, files and typed results out, progress
// through a Log sink, refused settings as SettingsError naming the flag; and a run through the
// library equals a run through the same settings twice (same seeds, same numbers).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "nn/embedding_spec.hpp"
#include "pipelines/benchmark_sbibm.hpp"
#include "pipelines/calibration.hpp"
#include "pipelines/progress.hpp"
#include "pipelines/run_job.hpp"
#include "pipelines/train_method.hpp"
#include "simulators/tasks.hpp"
#include "short_chains.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::pipelines;

namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("a Log with a sink collects the stage messages; quiet drops them") {
  std::vector<std::string> lines;
  const Log log(Verbosity::Normal, [&lines](const std::string& line) { lines.push_back(line); });
  CHECK(log.has_sink());
  CHECK_FALSE(log.draws_progress());
  { Stage stage(log, "simulating"); }
  log.detail("hidden unless verbose");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "simulating ...");
  CHECK(lines[1].rfind("  done in ", 0) == 0);
  const Log quiet(Verbosity::Quiet, [&lines](const std::string& line) { lines.push_back(line); });
  quiet.info("dropped");
  CHECK(lines.size() == 2);
}

TEST_CASE("refused settings are SettingsError naming the flag") {
  const sim::Task task = sim::make_task("two_moons");
  JobSettings s;
  s.sims = 5;
  CHECK_THROWS_WITH_AS(check_job_settings(s, task), "--sims must be at least 10", SettingsError);
  s.sims = 100;
  s.betas = {10, -1};
  CHECK_THROWS_WITH_AS(check_job_settings(s, task), "--betas must be positive numbers", SettingsError);
  s.betas = {10};
  s.method = "nope";
  CHECK_THROWS_AS(check_job_settings(s, task), SettingsError);
  s.method = "ace";
  s.ace_members = 0;
  CHECK_THROWS_WITH_AS(check_job_settings(s, task), "--ace-members must be at least 1", SettingsError);
  TrainingOverrides overrides;
  overrides.batch_size = 0;
  nn::TrainSettings t;
  CHECK_THROWS_AS(overrides.apply_to(t), SettingsError);
  overrides.batch_size = 64;
  overrides.learning_rate = 0.01;
  overrides.apply_to(t);
  CHECK(t.batch_size == 64);
  CHECK(t.adam.learning_rate == doctest::Approx(0.01));
}

// The score columns (c2st, mmd, median_distance, nltp, nrmse) of each data row of a results CSV.
std::vector<std::vector<std::string>> score_columns(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::stringstream in(read_text(path));
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    rows.emplace_back(fields.begin() + 5, fields.begin() + 10);
  }
  return rows;
}

TEST_CASE("run_benchmark from typed settings writes one row per observation, the same twice") {
  const sim::Task task = sim::make_task("two_moons");
  BenchmarkSettings s;
  s.method = "npe";
  s.budgets = {300};
  s.observations = {1, 2};
  s.num_samples = 200;
  s.predictive_sims = 20;
  s.max_epochs = 5;
  std::vector<std::string> lines;
  const Log log(Verbosity::Normal, [&lines](const std::string& line) { lines.push_back(line); });
  std::vector<std::vector<std::vector<std::string>>> tables;
  for (const char* name : {"pipelines_bench_a.csv", "pipelines_bench_b.csv"}) {
    s.out = (test::scratch_dir() / name).string();
    std::filesystem::remove(s.out);
    run_benchmark(s, task, log);
    tables.push_back(score_columns(s.out));
  }
  REQUIRE(tables[0].size() == 2);
  CHECK(tables[0] == tables[1]);  // same settings, same seeds: the same scores
  const double c2st = std::stod(tables[0][0][0]);
  CHECK(c2st >= 0.4);  // an accuracy: 0.5 indistinguishable, 1 separable
  CHECK(c2st <= 1.0);
  CHECK(lines.back() == "wrote " + s.out);

  // An observation's row depends on its number only: observation 2 run alone scores as in 1-2
  // (its draws and predictive simulations are seeded by the number, not the position in the list).
  s.observations = {2};
  s.out = (test::scratch_dir() / "pipelines_bench_obs2.csv").string();
  std::filesystem::remove(s.out);
  run_benchmark(s, task, log);
  const auto alone = score_columns(s.out);
  REQUIRE(alone.size() == 1);
  CHECK(alone[0] == tables[0][1]);
  s.method = "no-such-method";
  CHECK_THROWS(check_benchmark_settings(s, task));
}

namespace {
// two_moons' simulator that stops the process (an exception no pipeline catches) at its first
// call once `marker` exists: a stand-in for a run killed after its first scored observation.
class StopsOnceWritten final : public sim::Simulator {
 public:
  StopsOnceWritten(std::shared_ptr<const sim::Simulator> inner, std::string marker)
      : inner_(std::move(inner)), marker_(std::move(marker)) {}
  Index theta_dim() const override { return inner_->theta_dim(); }
  Index x_dim() const override { return inner_->x_dim(); }
  void simulate_one(const double* theta, double* x, Rng& rng) const override { inner_->simulate_one(theta, x, rng); }
  MatrixD simulate(const MatrixD& theta, std::uint64_t seed, std::uint64_t offset) const override {
    if (std::filesystem::exists(marker_)) throw std::runtime_error("stopped");
    return inner_->simulate(theta, seed, offset);
  }

 private:
  std::shared_ptr<const sim::Simulator> inner_;
  std::string marker_;
};
}  // namespace

TEST_CASE("a multi-round benchmark keeps the rows of the observations it finished when it is stopped") {
  sim::Task task = sim::make_task("two_moons");
  BenchmarkSettings s;
  s.method = "snle";
  s.rounds = 2;
  s.budgets = {60};
  s.observations = {1, 2};
  s.num_samples = 100;
  s.predictive_sims = 5;
  s.max_epochs = 2;
  s.mcmc = test::short_chains();
  s.out = (test::scratch_dir() / "pipelines_stopped.csv").string();
  std::filesystem::remove(s.out);
  // The observations' x_o are simulated before any row is written, so the stop comes in
  // observation 2's first round.
  task.simulator = std::make_shared<StopsOnceWritten>(task.simulator, s.out);
  CHECK_THROWS_WITH_AS(run_benchmark(s, task, Log(Verbosity::Quiet)), "stopped", std::runtime_error);
  std::stringstream in(read_text(s.out));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  REQUIRE(lines.size() == 2);  // the header and observation 1's row
  CHECK(lines[0].rfind("task,method,estimator,sims,lf_sims,lf_task,observation,c2st", 0) == 0);
  CHECK(lines[1].rfind("two_moons,snle,maf,60,0,,1,", 0) == 0);
}

TEST_CASE("benchmark options: a restriction or an embedding a method's table does not take is refused") {
  BenchmarkSettings s;
  s.method = "ace";
  s.restriction = inference::RestrictedSimulationSettings{};
  CHECK_THROWS_WITH_AS(check_benchmark_options(s),
                       "--restrict applies to npe, nle, nre, nre-b, nre-c, rej-abc and the multi-round methods here",
                       SettingsError);
  s.method = "tsnpe";
  CHECK_THROWS_AS(check_benchmark_options(s), SettingsError);
  for (const char* method : {"npe", "snpe-c", "snle", "snre-c"}) {
    s.method = method;
    CHECK_NOTHROW(check_benchmark_options(s));
  }
  s.restriction.reset();
  s.method = "ace";
  s.embedding = nn::parse_embedding_spec("fc");
  CHECK_THROWS_AS(check_benchmark_options(s), SettingsError);
  s.method = "mf-npe";
  CHECK_THROWS_AS(check_benchmark_options(s), SettingsError);
  s.method = "snpe-b";
  CHECK_NOTHROW(check_benchmark_options(s));
}

TEST_CASE("run_calibration from typed settings writes the ranks of every pair") {
  const sim::Task task = sim::make_task("two_moons");
  CalibrationJobSettings s;
  s.method = "npe";
  s.sims = 300;
  s.runs = 8;
  s.num_samples = 20;
  s.max_epochs = 3;
  s.out = (test::scratch_dir() / "pipelines_sbc.csv").string();
  const CalibrationRun run = run_calibration(s, task, Log(Verbosity::Quiet));
  CHECK(run.method == "npe");
  CHECK(run.result.ranks.rows() + run.result.skipped_nonfinite == 8);
  const MatrixD ranks = read_csv_matrix(s.out);
  CHECK(ranks.rows() == run.result.ranks.rows());
  CHECK(ranks.cols() == 2);
  CHECK(ranks.minCoeff() >= 0);
  CHECK(ranks.maxCoeff() <= 20);  // a rank among 20 draws
  s.method = "ace";
  CHECK_THROWS_AS(run_calibration(s, task, Log(Verbosity::Quiet)), SettingsError);
}
