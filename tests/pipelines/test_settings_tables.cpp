// The pipelines' field tables (job, benchmark, calibration, training overrides, store,
// multi-round training, recording fit): the defaults
// written by name, a JSON object read back into the struct, and the ranges the pipelines
// enforce refused with the field named — what `sbi` flags, --config and summary.json rely on.
#include <doctest/doctest.h>

#include <string>

#include "pipelines/benchmark_fields.hpp"
#include "pipelines/calibration_fields.hpp"
#include "pipelines/fit_recordings_fields.hpp"
#include "pipelines/job_fields.hpp"
#include "pipelines/sequential_fields.hpp"
#include "pipelines/store_fields.hpp"
#include "pipelines/training_fields.hpp"

using namespace sbi;
using namespace sbi::pipelines;
using nlohmann::json;

TEST_CASE("job table: the defaults by name, the MCMC settings as the MCMC table's object") {
  const json j = to_json(job_settings_fields(), JobSettings{});
  CHECK(j["sims"] == 10000);
  CHECK(j["learning_rate"] == 1e-3);
  CHECK(j["range_sims"] == 100000);
  CHECK(j["theta_space"] == "constrained");
  CHECK(j["ace_loss"] == "squared");
  CHECK(j["betas"] == json::array());
  CHECK(j["mcmc"] == json::parse(R"({"sampler": "slice", "chains": 100, "warmup": 50, "thin": 10,
                                      "init_candidates": 10000, "chain_start": "sir"})"));
}

TEST_CASE("job table: a JSON object sets the named fields, nested MCMC ones included") {
  JobSettings s;
  from_json(job_settings_fields(),
            json::parse(R"({"method": "nle", "betas": [10, 100], "ace_loss": "poisson",
                            "mcmc": {"sampler": "nuts", "chains": 8}, "theta_space": "unconstrained"})"),
            s, "job settings");
  CHECK(s.method == "nle");
  CHECK(s.betas == std::vector<double>{10, 100});
  CHECK(s.ace_loss == inference::AceLoss::Poisson);
  CHECK(s.mcmc.sampler == mcmc::SamplerKind::Nuts);
  CHECK(s.mcmc.num_chains == 8);
  CHECK(s.mcmc.thin == 10);  // not named: the default kept
  CHECK(s.theta_space == inference::ThetaSpace::unconstrained);
  CHECK(to_json(job_settings_fields(), s)["mcmc"]["sampler"] == "nuts");
}

TEST_CASE("job table: the ranges check_job_settings enforces, named by field") {
  JobSettings s;
  CHECK_THROWS_WITH_AS(set_from_text(job_settings_fields(), "sims", "5", s, "job settings"),
                       "job settings: field 'sims' must be in [10, inf), got 5", ValueError);
  CHECK_THROWS_WITH_AS(set_from_text(job_settings_fields(), "ace_observed_fraction", "1.5", s, "job settings"),
                       "job settings: field 'ace_observed_fraction' must be in [0, 1], got 1.5", ValueError);
  CHECK_THROWS_WITH_AS(from_json(job_settings_fields(), json::parse(R"({"mcmc": {"thin": 0}})"), s, "job settings"),
                       "job settings: field 'mcmc.thin' must be in [1, inf), got 0", ValueError);
}

TEST_CASE("benchmark and calibration tables: defaults and checks") {
  BenchmarkSettings b;
  CHECK(to_json(benchmark_settings_fields(), b)["mcmc"]["sampler"] == "slice");
  from_json(benchmark_settings_fields(), json::parse(R"({"mcmc": {"sampler": "mh", "warmup": 100}})"), b,
            "benchmark settings");
  CHECK(b.mcmc.sampler == mcmc::SamplerKind::Metropolis);
  CHECK(b.mcmc.warmup_steps == 100);
  CHECK_THROWS_WITH_AS(set_from_text(benchmark_settings_fields(), "atoms", "1", b, "benchmark settings"),
                       "benchmark settings: field 'atoms' must be in [2, inf), got 1", ValueError);
  CalibrationJobSettings c;
  set_from_text(calibration_settings_fields(), "marginal_coverage", "true", c, "calibration settings");
  CHECK(c.marginal_coverage);
  CHECK_THROWS_WITH_AS(set_from_text(calibration_settings_fields(), "runs", "0", c, "calibration settings"),
                       "calibration settings: field 'runs' must be in [1, inf), got 0", ValueError);
}

TEST_CASE("training overrides: unset fields are null and keep the method's settings") {
  TrainingOverrides o;
  CHECK(to_json(training_overrides_fields(), o) ==
        json::parse(R"({"max_epochs": null, "patience": null, "batch_size": null, "learning_rate": null})"));
  from_json(training_overrides_fields(), json::parse(R"({"patience": 30, "learning_rate": 0.0005})"), o, "training");
  nn::TrainSettings t;
  t.max_epochs = 1000;
  t.batch_size = 200;
  o.apply_to(t);
  CHECK(t.patience == 30);
  CHECK(t.adam.learning_rate == 0.0005);
  CHECK(t.max_epochs == 1000);
  CHECK(t.batch_size == 200);
}

TEST_CASE("store, multi-round and recording-fit tables: defaults by name, ranges by field") {
  CHECK(to_json(store_job_settings_fields(), StoreJobSettings{}) ==
        json::parse(R"({"dir": "", "chunk_rows": 1000, "resume": false, "stop_after_chunks": null})"));
  StoreJobSettings st;
  from_json(store_job_settings_fields(), json::parse(R"({"resume": true, "stop_after_chunks": 2})"), st, "store");
  CHECK(st.resume);
  CHECK(st.stop_after_chunks == Index(2));
  SequentialJobSettings q;
  CHECK(to_json(sequential_job_fields(), q) == json::parse(R"({"rounds": 10, "atoms": 10})"));
  CHECK_THROWS_WITH_AS(set_from_text(sequential_job_fields(), "rounds", "0", q, "sequential"),
                       "sequential: field 'rounds' must be in [1, 10000], got 0", ValueError);
  HHJobSettings h;
  set_from_text(recording_fit_fields(), "simulations_from", "runs/a", h, "fit");
  set_from_text(recording_fit_fields(), "npe_batch_size", "64", h, "fit");
  CHECK(h.simulations_from == "runs/a");
  CHECK(h.npe_batch_size == 64);
  CHECK(to_json(recording_fit_fields(), HHJobSettings{})["npe_batch_size"] == 200);
}
