// Misspecified observations leave the prior-predictive range; the sbibm loader reads any
// directory with the sbibm layout and reports missing files clearly.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "core/csv.hpp"
#include "core/errors.hpp"
#include "simulators/misspecified.hpp"
#include "simulators/sbibm_loader.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::sim;

TEST_CASE("misspecified observations lie outside the prior-predictive range") {
  for (const char* name : {"uniform_1d", "two_moons", "linear_gaussian"}) {
    INFO(name);
    const Task t = make_task(name);
    const RowVectorD x = make_misspecified_observation(t, 4, 20000);
    const PredictiveRange r = prior_predictive_range(t, 20000, derive_seed(4, 3));
    bool outside = false;
    for (Index d = 0; d < x.size(); ++d) outside = outside || x[d] < r.min[d] || x[d] > r.max[d];
    CHECK(outside);
    CHECK(x == make_misspecified_observation(t, 4, 20000));  // deterministic in the seed
  }
}

TEST_CASE("gaussian_mixture_trials misspecification replaces the last 2 trials with ±12.5 outliers") {
  const Task t = make_task("gaussian_mixture_trials");
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    const RowVectorD x = make_misspecified_observation(t, seed);
    for (Index k = 3; k < 5; ++k)
      for (Index d = 0; d < 2; ++d) CHECK(std::abs(std::abs(x[2 * k + d]) - 12.5) < 3.0);
    for (Index k = 0; k < 3; ++k)
      for (Index d = 0; d < 2; ++d) CHECK(std::abs(x[2 * k + d]) < 10.0 + 6.0);
  }
}

TEST_CASE("sbibm loader reads the shared data and any directory with the same layout") {
  const auto root = test::scratch_dir() / "sbibm_layout";
  const auto dir = root / "toy" / "num_observation_2";
  std::filesystem::create_directories(dir);
  MatrixD obs(1, 3), tp(1, 2), ref(4, 2);
  obs << 1, 2, 3;
  tp << 0.5, -0.5;
  ref << 1, 2, 3, 4, 5, 6, 7, 8;
  write_csv((dir / "observation.csv").string(), obs, numbered_names("data", 3));
  write_csv((dir / "true_parameters.csv").string(), tp, numbered_names("parameter", 2));
  write_csv((dir / "reference_posterior_samples.csv").string(), ref, numbered_names("parameter", 2));
  const SbibmObservation o = load_sbibm_observation(root.string(), "toy", 2);
  CHECK(o.observation == obs.row(0));
  CHECK(o.true_parameters == tp.row(0));
  CHECK(o.reference_samples == ref);
  CHECK_THROWS_AS(load_sbibm_observation(root.string(), "toy", 3), IOError);
  CHECK_THROWS_AS(load_sbibm_observation(root.string(), "toy", 0), ValueError);
  std::ofstream((root / "bad.csv").string()) << "1,2\n3\n";
  CHECK_THROWS_AS(read_headerless_csv((root / "bad.csv").string()), IOError);

  if (!test::have_data("sbibm/two_moons/num_observation_1")) return;
  const auto real = load_sbibm_observation((test::data_dir() / "sbibm").string(), "two_moons", 1);
  CHECK(real.observation.size() == 2);
  CHECK(real.true_parameters.size() == 2);
  CHECK(real.reference_samples.rows() == 10000);
}
