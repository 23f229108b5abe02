// The restriction settings' field tables (sequential/restriction_fields.hpp): the rule written and
// read as its text, the classifier as a nested object, and the classifier's ranges refused with
// the field named.
#include <doctest/doctest.h>

#include "sequential/restriction_fields.hpp"

using namespace sbi;
using namespace sbi::inference;
using nlohmann::json;

TEST_CASE("restricted simulation table: the rule as text, the classifier as an object") {
  RestrictedSimulationSettings s;
  from_json(restricted_simulation_fields(),
            json::parse(R"({"rule": "x0>=1", "first": 200, "classifier": {"allowed_false_negatives": 0.05}})"), s,
            "restriction");
  CHECK(s.rule.str() == "x0>=1");
  CHECK(s.first == 200);
  CHECK(s.classifier.allowed_false_negatives == 0.05);
  CHECK(s.classifier.hidden == 50);  // not named: the default kept
  const json j = to_json(restricted_simulation_fields(), s);
  CHECK(j["rule"] == "x0>=1");
  CHECK(j["classifier"]["allowed_false_negatives"] == 0.05);
  CHECK(j["classifier"]["calibration_draws"] == 10000);
  RestrictedSimulationSettings back;
  from_json(restricted_simulation_fields(), j, back, "restriction");
  CHECK(to_json(restricted_simulation_fields(), back) == j);
}

TEST_CASE("restriction tables refuse a bad rule and out-of-range classifier settings, naming the field") {
  RestrictedSimulationSettings s;
  CHECK_THROWS_WITH_AS(set_from_text(restricted_simulation_fields(), "rule", "x0=>1", s, "restriction"),
                       doctest::Contains("restriction: field 'rule' "), ValueError);
  CHECK_THROWS_WITH_AS(
      from_json(restricted_simulation_fields(), json::parse(R"({"classifier": {"hidden": 1000}})"), s, "restriction"),
      "restriction: field 'classifier.hidden' must be in [1, 256], got 1000", ValueError);
  CHECK_THROWS_WITH_AS(set_from_text(restriction_options_fields(), "calibration_draws", "10", s.classifier,
                                     "restriction classifier"),
                       "restriction classifier: field 'calibration_draws' must be in [100, inf), got 10", ValueError);
}
