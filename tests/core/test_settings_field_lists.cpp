// Field tables (core/settings_fields.hpp): the list and optional-number kinds — written to JSON,
// read back, set from a flag's text, and bad values refused naming the field.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "core/settings_fields.hpp"

using namespace sbi;
using nlohmann::json;

namespace {

struct Listed {
  std::vector<double> betas;
  std::optional<int> patience;
};

const FieldTable<Listed>& listed_fields() {
  static const FieldTable<Listed> table = {
      number_list_field("betas", &Listed::betas, "inverse temperatures", 0.0, 1e6),
      optional_number_field("patience", &Listed::patience, "epochs", 1, 1000),
  };
  return table;
}

}  // namespace

TEST_CASE("list and optional fields: null and [] by default, values written back as read") {
  Listed s;
  CHECK(to_json(listed_fields(), s) == json::parse(R"({"betas": [], "patience": null})"));
  from_json(listed_fields(), json::parse(R"({"betas": [10, 100.5], "patience": 20})"), s, "listed");
  CHECK(s.betas == std::vector<double>{10, 100.5});
  CHECK(s.patience == 20);
  CHECK(to_json(listed_fields(), s) == json::parse(R"({"betas": [10, 100.5], "patience": 20})"));
  from_json(listed_fields(), json::parse(R"({"patience": null})"), s, "listed");
  CHECK_FALSE(s.patience.has_value());
}

TEST_CASE("list and optional fields from a flag's text") {
  Listed s;
  set_from_text(listed_fields(), "betas", "1,10,1000", s, "listed");
  CHECK(s.betas == std::vector<double>{1, 10, 1000});
  set_from_text(listed_fields(), "patience", "7", s, "listed");
  CHECK(s.patience == 7);
  CHECK_THROWS_WITH_AS(set_from_text(listed_fields(), "betas", "1,x", s, "listed"),
                       "listed: field 'betas' must be a number, got 'x'", ValueError);
}

TEST_CASE("list and optional fields refuse values out of range, naming the field") {
  Listed s;
  CHECK_THROWS_WITH_AS(from_json(listed_fields(), json::parse(R"({"betas": [1, -2]})"), s, "listed"),
                       "listed: field 'betas' must hold numbers in [0, 1e+06], got -2", ValueError);
  CHECK_THROWS_WITH_AS(from_json(listed_fields(), json::parse(R"({"betas": 3})"), s, "listed"),
                       "listed: field 'betas' must be a list of numbers, got 3", ValueError);
  CHECK_THROWS_WITH_AS(from_json(listed_fields(), json::parse(R"({"patience": 0})"), s, "listed"),
                       "listed: field 'patience' must be in [1, 1000], got 0", ValueError);
  CHECK_THROWS_WITH_AS(from_json(listed_fields(), json::parse(R"({"patience": 2.5})"), s, "listed"),
                       "listed: field 'patience' must be an integer, got 2.5", ValueError);
  CHECK(s.betas.empty());  // a refused value leaves the field as it was
  CHECK_FALSE(s.patience.has_value());
}
