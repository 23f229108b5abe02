// The simulation store (datasets/simulation_store.hpp, store_simulation.hpp) on one rank:
// chunk boundaries and content equal to one-process simulation, CRC mismatches naming the
// chunk, resume refusing other settings, an interrupted run resumed to the identical store,
// byte-identity across thread counts, and failed (NaN) rows counted per chunk; and
// simulate_over_ranks on one rank (several ranks: tests/cli_store_ranks.cmake under mpirun).
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "simulators/function_simulator.hpp"
#include "datasets/simulate_over_ranks.hpp"
#include "datasets/simulation_store.hpp"
#include "datasets/store_simulation.hpp"
#include "simulators/tasks.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::sim;
namespace fs = std::filesystem;

namespace {

std::string fresh_dir(const std::string& name) {
  const fs::path dir = test::scratch_dir() / name;
  fs::remove_all(dir);
  return dir.string();
}

// Every file of a folder, by name, as bytes.
std::map<std::string, std::string> folder_bytes(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    files[entry.path().filename().string()] = std::string(std::istreambuf_iterator<char>(in), {});
  }
  return files;
}

StoreRunReport fill(const Task& task, const std::string& dir, std::uint64_t seed, Index rows, Index per_chunk,
                    StoreRunSettings options = {}) {
  return simulate_to_store(task, dir, store_settings_for(task, seed, rows, per_chunk), Communicator::world(), options);
}

// two_moons with a simulator that fails (NaN) on every row whose first θ is above 0.5.
Task failing_task() {
  Task task = make_task("two_moons");
  const auto inner = task.simulator;
  task.simulator = std::make_shared<FunctionSimulator>(2, 2, [inner](const double* theta, double* x, Rng& rng) {
    inner->simulate_one(theta, x, rng);
    if (theta[0] > 0.5) x[1] = std::numeric_limits<double>::quiet_NaN();
  });
  return task;
}

}  // namespace

TEST_CASE("simulation store: chunks hold exactly the rows of one-process simulation") {
  const Task task = make_task("two_moons");
  const std::string dir = fresh_dir("store_rows");
  const StoreRunReport report = fill(task, dir, 7, 2500, 1000);
  CHECK(report.chunks_simulated == 3);
  CHECK(report.manifest.complete);
  const SimulationStore store = SimulationStore::open(dir);
  REQUIRE(store.chunk_count() == 3);
  CHECK(store.chunk_rows(0) == 1000);
  CHECK(store.chunk_rows(2) == 500);
  CHECK(store.chunk_first_row(2) == 2000);
  CHECK(store.manifest().rows_done == 2500);
  CHECK(store.manifest().x_dim == 2);
  const MatrixD theta = task.sample_prior(2500, derive_seed(7, 1));
  const MatrixD x = task.simulate(theta, derive_seed(7, 2));
  const StoreData all = store.load_all();
  CHECK(all.theta == theta);
  CHECK(all.x == x);
  Index visited = 0;
  store.for_each_chunk([&](const StoreChunk& chunk) {
    CHECK(chunk.index == visited++);
    CHECK(chunk.theta == theta.middleRows(chunk.first_row, chunk.rows()));
  });
  CHECK(visited == 3);
}

TEST_CASE("simulation store: Hodgkin–Huxley (a batched simulator) chunks equal one-process simulation") {
  const Task task = make_task("hodgkin_huxley");
  const std::string dir = fresh_dir("store_hh");
  fill(task, dir, 3, 20, 8);
  const MatrixD theta = task.sample_prior(20, derive_seed(3, 1));
  const StoreData all = SimulationStore::open(dir).load_all();
  CHECK(all.theta == theta);
  CHECK(all.x.cwiseEqual(task.simulate(theta, derive_seed(3, 2))).count() == all.x.size());
}

TEST_CASE("simulation store: chunk file names") {
  CHECK(store_chunk_name(123) == "chunk-000123.bin");
  CHECK(store_chunk_index("chunk-000123.bin") == 123);
  CHECK(store_chunk_index("chunk-1234567.bin") == 1234567);
  CHECK(store_chunk_index("chunk-000123.bin.tmp.42") == -1);
  CHECK(store_chunk_index("chunk-00012.bin") == -1);
  CHECK(store_chunk_index("manifest.json") == -1);
}

TEST_CASE("simulation store: a damaged chunk is an error naming it") {
  const Task task = make_task("two_moons");
  const std::string dir = fresh_dir("store_crc");
  fill(task, dir, 1, 300, 100);
  const SimulationStore store = SimulationStore::open(dir);
  {
    std::fstream f(store.chunk_path(1), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    f.put('\x7f');
  }
  CHECK_NOTHROW(store.read_chunk(0));
  CHECK_THROWS_WITH_AS(store.read_chunk(1), doctest::Contains("chunk-000001.bin"), IOError);
  CHECK_THROWS_WITH_AS(store.read_chunk(1), doctest::Contains("checksum mismatch"), IOError);
  // A resume re-verifies every chunk present and stops at the damaged one.
  StoreRunSettings resume;
  resume.resume = true;
  CHECK_THROWS_WITH_AS(fill(task, dir, 1, 300, 100, resume), doctest::Contains("chunk-000001.bin"), IOError);
  // A chunk in another chunk's place is refused too.
  fs::copy_file(store.chunk_path(0), store.chunk_path(2), fs::copy_options::overwrite_existing);
  CHECK_THROWS_WITH_AS(store.read_chunk(2), doctest::Contains("chunk index 0, expected 2"), IOError);
}

TEST_CASE("simulation store: resume refuses other settings, create refuses an existing store") {
  const Task task = make_task("two_moons");
  const std::string dir = fresh_dir("store_settings");
  fill(task, dir, 5, 200, 100);
  CHECK_THROWS_WITH_AS(fill(task, dir, 5, 200, 100), doctest::Contains("--resume"), IOError);
  StoreRunSettings resume;
  resume.resume = true;
  CHECK_THROWS_WITH_AS(fill(task, dir, 6, 200, 100, resume), doctest::Contains("seed = 5, this run has 6"), ValueError);
  CHECK_THROWS_WITH_AS(fill(task, dir, 5, 200, 50, resume), doctest::Contains("rows_per_chunk"), ValueError);
  CHECK_THROWS_WITH_AS(fill(make_task("slcp"), dir, 5, 200, 100, resume), doctest::Contains("made with prior"), ValueError);
  CHECK_THROWS_AS(fill(task, fresh_dir("store_none"), 5, 200, 100, resume), IOError);
  CHECK_NOTHROW(fill(task, dir, 5, 200, 100, resume));  // the same settings: verified, nothing simulated
}

TEST_CASE("simulation store: an interrupted run resumed gives the identical store") {
  const Task task = make_task("two_moons");
  const std::string whole = fresh_dir("store_whole"), parts = fresh_dir("store_parts");
  fill(task, whole, 9, 1050, 100);
  StoreRunSettings stop;
  stop.stop_after_chunks = 4;
  const StoreRunReport first = fill(task, parts, 9, 1050, 100, stop);
  CHECK(first.interrupted);
  CHECK(first.chunks_simulated == 4);
  CHECK_FALSE(SimulationStore::open(parts).manifest().complete);
  CHECK_THROWS_WITH_AS(SimulationStore::open(parts).load_all(), doctest::Contains("chunk-000004.bin"), IOError);
  std::ofstream(fs::path(parts) / "chunk-000005.bin.tmp.12345") << "half a chunk";  // a killed write
  StoreRunSettings resume;
  resume.resume = true;
  const StoreRunReport second = fill(task, parts, 9, 1050, 100, resume);
  CHECK_FALSE(second.interrupted);
  CHECK(second.chunks_verified == 4);
  CHECK(second.chunks_simulated == 7);
  CHECK(folder_bytes(parts) == folder_bytes(whole));
}

TEST_CASE("simulation store: byte-identical for any thread count") {
  const Task task = make_task("slcp");
  const std::string one = fresh_dir("store_threads_1"), two = fresh_dir("store_threads_2");
  {
    ThreadCountGuard threads(1);
    fill(task, one, 11, 700, 256);
  }
  {
    ThreadCountGuard threads(2);
    fill(task, two, 11, 700, 256);
  }
  CHECK(folder_bytes(one).size() == 4);  // manifest + 3 chunks
  CHECK(folder_bytes(one) == folder_bytes(two));
}

TEST_CASE("simulation store: failed simulations are kept as NaN rows and counted per chunk") {
  const Task task = failing_task();
  const std::string dir = fresh_dir("store_failures");
  const StoreRunReport report = fill(task, dir, 2, 400, 150);
  const MatrixD theta = task.sample_prior(400, derive_seed(2, 1));
  Index expected = 0;
  for (Index i = 0; i < 400; ++i) expected += theta(i, 0) > 0.5;
  REQUIRE(expected > 0);
  CHECK(report.nonfinite_rows == expected);
  const SimulationStore store = SimulationStore::open(dir);
  CHECK(store.manifest().nonfinite_rows == expected);
  Index per_chunk = 0;
  store.for_each_chunk([&](const StoreChunk& chunk) { per_chunk += chunk.nonfinite_rows; });
  CHECK(per_chunk == expected);
}

TEST_CASE("simulate_over_ranks: one rank gives the one-process simulation") {
  const Task task = make_task("slcp");
  const MatrixD theta = task.sample_prior(333, 4);
  const MatrixD x = simulate_over_ranks(task, theta, 17, Communicator::world());
  CHECK(x == task.simulate(theta, 17));
  CHECK_THROWS_AS(simulate_over_ranks(task, MatrixD(3, 2), 17, Communicator::world()), ShapeError);
}
