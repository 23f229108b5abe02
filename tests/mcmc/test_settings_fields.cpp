// The MCMC settings: one set of defaults (the reference's posterior sampling), the run options
// built on them, and their field table (JSON names, ranges, sampler names).
#include <doctest/doctest.h>

#include "core/errors.hpp"
#include "mcmc/sample.hpp"
#include "mcmc/settings_fields.hpp"

using namespace sbi;
using namespace sbi::mcmc;
using nlohmann::json;

TEST_CASE("McmcSettings defaults: slice, 100 chains, 50 warm-up steps, thin 10, 10,000 SIR candidates") {
  const McmcSettings s;
  CHECK(s.sampler == SamplerKind::Slice);
  CHECK(s.num_chains == 100);
  CHECK(s.warmup_steps == 50);
  CHECK(s.thin == 10);
  CHECK(s.init_candidates == 10000);
  // A run's options start from the same settings.
  const McmcRunSettings o;
  CHECK(o.num_chains == 100);
  CHECK(o.thin == 10);
  CHECK(o.num_samples == 1000);
  CHECK(o.draws_per_chain() == 10);
  CHECK(o.total_steps() == 50 + 10 * 10);
}

TEST_CASE("McmcRunSettings from settings keeps every setting and adds the run's draws and seed") {
  McmcSettings s;
  s.sampler = SamplerKind::Nuts;
  s.num_chains = 7;
  s.warmup_steps = 3;
  s.thin = 2;
  s.init_candidates = 50;
  const McmcRunSettings o(s, 70, 99);
  CHECK(o.sampler == SamplerKind::Nuts);
  CHECK(o.num_chains == 7);
  CHECK(o.warmup_steps == 3);
  CHECK(o.thin == 2);
  CHECK(o.init_candidates == 50);
  CHECK(o.num_samples == 70);
  CHECK(o.seed == 99);
  CHECK(o.first_stream == 0);
  s.init_candidates = 0;
  CHECK_THROWS_WITH_AS(s.validate(), doctest::Contains("init_candidates"), ValueError);
  CHECK_THROWS_WITH_AS(McmcRunSettings(s, 70, 1).validate(), doctest::Contains("init_candidates"), ValueError);
}

TEST_CASE("sampler names: parse accepts the aliases, sampler_name gives the canonical name") {
  for (SamplerKind k : {SamplerKind::Slice, SamplerKind::Metropolis, SamplerKind::Hmc, SamplerKind::Nuts})
    CHECK(parse_sampler(sampler_name(k)) == k);
  CHECK(sampler_name(SamplerKind::Metropolis) == "metropolis");
  CHECK(parse_sampler("mh") == SamplerKind::Metropolis);
  CHECK(parse_sampler("slice_np_vectorized") == SamplerKind::Slice);
}

TEST_CASE("the MCMC field table: JSON with the CLI's names, read back, bad values refused") {
  const auto& table = mcmc_settings_fields();
  const McmcSettings defaults;
  CHECK(to_json(table, defaults) ==
        json::parse(R"({"sampler": "slice", "chains": 100, "warmup": 50, "thin": 10, "init_candidates": 10000,
                      "chain_start": "sir"})"));
  McmcSettings s;
  from_json(table, json::parse(R"({"sampler": "mh", "chains": 4, "thin": 1})"), s, "mcmc settings");
  CHECK(s.sampler == SamplerKind::Metropolis);
  CHECK(s.num_chains == 4);
  CHECK(s.thin == 1);
  CHECK(s.warmup_steps == 50);  // not named: the default
  CHECK(to_json(table, s)["sampler"] == "metropolis");
  from_json(table, json::parse(R"({"chain_start": "latest"})"), s, "mcmc settings");
  CHECK(s.chain_start == ChainStart::latest);
  CHECK_THROWS_WITH_AS(from_json(table, json::parse(R"({"chain_start": "first"})"), s, "mcmc settings"),
                       doctest::Contains("field 'chain_start' must be one of sir, latest"), ValueError);
  CHECK_THROWS_WITH_AS(from_json(table, json::parse(R"({"thin": 0})"), s, "mcmc settings"),
                       "mcmc settings: field 'thin' must be in [1, inf), got 0", ValueError);
  CHECK_THROWS_WITH_AS(from_json(table, json::parse(R"({"warmup": -1})"), s, "mcmc settings"),
                       "mcmc settings: field 'warmup' must be in [0, inf), got -1", ValueError);
  CHECK_THROWS_WITH_AS(from_json(table, json::parse(R"({"sampler": "gibbs"})"), s, "mcmc settings"),
                       doctest::Contains("field 'sampler' must be one of slice, metropolis, hmc, nuts"), ValueError);
  CHECK_THROWS_WITH_AS(from_json(table, json::parse(R"({"num_chains": 4})"), s, "mcmc settings"),
                       doctest::Contains("field 'num_chains' is not a field"), ValueError);
  // Every value the table accepts passes validate(): the ranges are the struct's own.
  McmcSettings edge;
  from_json(table, json::parse(R"({"chains": 1, "warmup": 0, "thin": 1, "init_candidates": 1})"), edge, "mcmc");
  CHECK_NOTHROW(edge.validate());
}
