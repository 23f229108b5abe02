// `sbi train`'s data source as a library call (pipelines/training_data.hpp): one source at a
// time, refused combinations named by flag; simulated data equals the job's training set for
// the same seed; θ/x files and a simulation store read back the rows they hold.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "core/csv.hpp"
#include "pipelines/store_jobs.hpp"
#include "pipelines/training_data.hpp"
#include "pipelines/training_set.hpp"
#include "simulators/model_tag.hpp"
#include "simulators/tasks.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::pipelines;

namespace {
std::filesystem::path fresh_folder(const std::string& name) {
  const auto dir = test::scratch_dir() / ("training_data_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}
}  // namespace

TEST_CASE("training data: one source, what does not apply to it refused by flag") {
  TrainingDataSettings s;
  CHECK(s.simulates());
  CHECK_NOTHROW(check_training_data(s));
  s.sims = 9;
  CHECK_THROWS_WITH_AS(check_training_data(s), "--sims must be at least 10", SettingsError);
  s.theta = "t.csv";
  CHECK_THROWS_WITH_AS(check_training_data(s), "--theta and --x go together", SettingsError);
  s.x = "x.csv";
  CHECK_THROWS_WITH_AS(check_training_data(s), "--sims applies when simulating; --theta and --x give the simulations",
                       SettingsError);
  s.sims.reset();
  s.external_simulator = true;
  CHECK_THROWS_WITH_AS(check_training_data(s), "--simulator simulates; --theta and --x already give the simulations",
                       SettingsError);
  TrainingDataSettings store;
  store.store = "dir";
  CHECK_NOTHROW(check_training_data(store));
  store.sims = 100;
  CHECK_THROWS_WITH_AS(check_training_data(store), "--sims does not go with --store (the store holds θ and x)",
                       SettingsError);
}

TEST_CASE("training data: simulated rows are the job's training set; files read back the same rows") {
  sim::Task task = sim::make_task("two_moons");
  TrainingDataSettings s;
  s.sims = 40;
  const Log quiet(Verbosity::Quiet);
  const SimulationSet simulated = training_data(s, task, 7, quiet);
  const SimulationSet expected = simulate_training_set(sim::make_task("two_moons"), 40, 7, std::nullopt, quiet);
  CHECK(simulated.theta == expected.theta);
  CHECK(simulated.x == expected.x);
  const auto dir = fresh_folder("files");
  TrainingDataSettings files;
  files.theta = (dir / "theta.csv").string();
  files.x = (dir / "x.csv").string();
  write_csv(files.theta, simulated.theta);
  write_csv(files.x, simulated.x, {"a", "b"});
  sim::Task read_task = sim::make_task("two_moons");
  const SimulationSet read = training_data(files, read_task, 0, quiet);
  CHECK(read.theta == simulated.theta);
  CHECK(read.x == simulated.x);
  std::filesystem::remove_all(dir);
}

TEST_CASE("training data: a store's rows, its task, and a mismatched task refused") {
  const auto dir = fresh_folder("store") / "store";
  const Log quiet(Verbosity::Quiet);
  StoreJobSettings fill;
  fill.dir = dir.string();
  fill.rows = 30;
  fill.chunk_rows = 8;
  REQUIRE(simulate_into_store(fill, sim::make_task("two_moons"), 3, quiet));
  TrainingDataSettings s;
  s.store = dir.string();
  sim::Task task = sim::make_task("gaussian_linear");  // not named: the store's own task replaces it
  const SimulationSet set = training_data(s, task, 0, quiet);
  CHECK(set.theta.rows() == 30);
  CHECK(set.x.cols() == 2);
  CHECK(sim::model_tag(task) == sim::model_tag(sim::make_task("two_moons")));
  s.task_given = true;
  sim::Task other = sim::make_task("gaussian_linear");
  CHECK_THROWS_AS(training_data(s, other, 0, quiet), ValueError);
  std::filesystem::remove_all(dir.parent_path());
}
