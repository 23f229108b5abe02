// The field table of the ACE options: the defaults as JSON, a round trip of every field, the
// enum names (activation, loss) and the ranges Ace itself checks.
#include <doctest/doctest.h>

#include "inference/ace_fields.hpp"

using namespace sbi;
using namespace sbi::inference;
using nlohmann::json;

TEST_CASE("AceSettings defaults through the field table") {
  CHECK(to_json(ace_options_fields(), AceSettings{}) == json::parse(R"({
    "hidden": 64, "blocks": 3, "activation": "relu", "targets_per_theta": 2,
    "observed_target_fraction": 0.0, "targets": {"num_noise": 100, "noise_scale": 2.0},
    "per_term": false, "loss": "squared", "scale_pairs": 1000, "seed": 0})"));
}

TEST_CASE("AceSettings round trip and refusals") {
  const auto& table = ace_options_fields();
  AceSettings o;
  from_json(table, json::parse(R"({"hidden": 32, "blocks": 2, "activation": "silu", "targets_per_theta": 4,
                                   "observed_target_fraction": 0.25, "targets": {"num_noise": 0, "noise_scale": 1.5},
                                   "per_term": true, "loss": "poisson", "scale_pairs": 10, "seed": 12})"),
            o, "ace options");
  CHECK(o.hidden == 32);
  CHECK(o.blocks == 2);
  CHECK(o.activation == nn::Activation::Silu);
  CHECK(o.targets_per_theta == 4);
  CHECK(o.observed_target_fraction == 0.25);
  CHECK(o.targets.num_noise == 0);
  CHECK(o.targets.noise_scale == 1.5);
  CHECK(o.per_term);
  CHECK(o.loss == AceLoss::Poisson);
  CHECK(o.scale_pairs == 10);
  CHECK(o.seed == 12);
  AceSettings back;
  from_json(table, to_json(table, o), back, "ace options");
  CHECK(to_json(table, back) == to_json(table, o));

  CHECK_THROWS_WITH_AS(from_json(table, json::parse(R"({"observed_target_fraction": 1.5})"), o, "ace options"),
                       "ace options: field 'observed_target_fraction' must be in [0, 1], got 1.5", ValueError);
  CHECK_THROWS_WITH_AS(from_json(table, json::parse(R"({"loss": "huber"})"), o, "ace options"),
                       "ace options: field 'loss' must be one of squared, poisson, got \"huber\"", ValueError);
  CHECK_THROWS_WITH_AS(from_json(table, json::parse(R"({"targets": {"noise_scale": -1}})"), o, "ace options"),
                       "ace options: field 'targets.noise_scale' must be in [0, inf), got -1", ValueError);
  CHECK_THROWS_WITH_AS(from_json(table, json::parse(R"({"targets_per_theta": 0})"), o, "ace options"),
                       doctest::Contains("field 'targets_per_theta' must be in [1, inf)"), ValueError);
  CHECK_THROWS_WITH_AS(from_json(table, json::parse(R"({"activation": "gelu"})"), o, "ace options"),
                       doctest::Contains("must be one of identity, relu"), ValueError);
}
